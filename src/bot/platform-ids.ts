// Chat, user and message ids from the Zalo webhooks. They are documented as strings; a number is
// accepted only while it is exact. JSON.parse has already rounded a larger one
// (12345678901234567891 arrives as 12345678901234567000), and a reply to the rounded id could reach
// someone else's chat, so such an update is refused instead.

export class UnusableIdError extends Error {
  constructor(value: unknown) {
    super(`unusable platform id: ${typeof value === "number" ? `${value} (not a safe integer)` : typeof value}`);
  }
}

/**
 * The id as a string, or undefined when the field is absent (undefined or null). A non-empty string
 * or a safe integer is an id; anything else present throws UnusableIdError.
 */
export function platformId(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  throw new UnusableIdError(value);
}

/** Runs a parser that reads ids with `platformId`; an unusable id makes the whole body unreadable. */
export function withUsableIds<T>(parse: () => T | undefined): T | undefined {
  try {
    return parse();
  } catch (err) {
    if (err instanceof UnusableIdError) return undefined;
    throw err;
  }
}
