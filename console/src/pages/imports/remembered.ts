/**
 * The uploads this page made, by job: the file stays in the page after its upload, so that once a class's
 * records are drawn up the same file can be read again without the teacher choosing it a second time. Held
 * in memory only: a reload forgets it, and the page then asks for the file again.
 */
import type { Upload } from './data.ts';

export interface Remembered {
  upload: Upload;
  /** How many records were drawn up just before this job read the file again. */
  drawnUp?: number;
}

const byJob = new Map<string, Remembered>();

export const remember = (jobId: string, r: Remembered): void => {
  byJob.set(jobId, r);
};

export const remembered = (jobId: string): Remembered | undefined => byJob.get(jobId);
