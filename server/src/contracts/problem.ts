export interface FieldErrorDto {
  field: string;
  messages: string[];
}

/** RFC 9457 problem details. `type` is `/problems/<kind>` and stable. */
export interface ProblemDto {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldErrorDto[];
  [extension: string]: unknown;
}
