/** How a command says where its report went: the path, and its size so an unexpectedly large page shows. */
export function reportWritten(r: { path: string; bytes: number }): string {
  return `wrote the report ${r.path} (${(r.bytes / 1024).toFixed(0)} KiB); open it in a browser`;
}
