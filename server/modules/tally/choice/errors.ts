// Counting refuses input it cannot count honestly (an unknown class, more ballots than voters, a
// malformed rule) with a machine-readable code and the field at fault, like the rest of Mutual.
export class TallyError extends Error {
  readonly code: string;
  readonly field: string | undefined;

  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'TallyError';
    this.code = code;
    this.field = field;
  }
}
