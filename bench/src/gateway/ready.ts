/** The prefix of the line a benchmark server prints when it listens (other output may precede it). */
export const READY = 'HOCBA-BENCH-READY ';
