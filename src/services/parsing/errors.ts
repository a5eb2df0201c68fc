// The ways parsing can be refused or stopped. They reach people (a staff member who sent a file,
// a crawl's failure message), so their messages are Vietnamese like every other ingest error.

/** The input is larger, deeper or busier than any real page or document: refused before parsing. */
export class ParseLimitError extends Error {
  override name = "ParseLimitError";
}

/** The parse ran past its deadline; its worker was terminated. */
export class ParseTimeoutError extends Error {
  override name = "ParseTimeoutError";
  constructor(
    readonly task: string,
    readonly deadlineMs: number,
  ) {
    super(`Đọc tài liệu quá ${(deadlineMs / 1000).toLocaleString("vi-VN")} giây nên đã dừng.`);
  }
}

/** The worker died under a parse (out of memory, or it could not start). */
export class ParseWorkerError extends Error {
  override name = "ParseWorkerError";
}
