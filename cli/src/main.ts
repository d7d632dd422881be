/** Entry point of the `hocba` command (placeholder until the verify command lands). */
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('hocba: not built yet\n');
  return 3;
}
