import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';
import { Problem, PROBLEM_CONTENT_TYPE, ProblemKind } from './problem';

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_CHECK_VIOLATION = '23514';
const PG_INVALID_TEXT = '22P02';
const PG_OUT_OF_RANGE = '22003';
const PG_NUL_CHARACTER = '22021';
const PG_DATETIME_OUT_OF_RANGE = '22008';
const PG_DATETIME_FORMAT = '22007';

/** Turns anything thrown while handling a request into one RFC 9457 problem+json response. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const ctx = host.switchToHttp();
    const res: unknown = ctx.getResponse();
    const req: unknown = ctx.getRequest();
    const url = httpAdapter.getRequestUrl(req) as string;
    const problem = this.toProblem(exception);
    if (problem.getStatus() >= 500) {
      this.logger.error(
        `${httpAdapter.getRequestMethod(req)} ${url}`,
        exception instanceof Error ? exception.stack : exception,
      );
    }
    if (httpAdapter.isHeadersSent(res)) return;
    for (const [name, value] of Object.entries(problem.headers)) httpAdapter.setHeader(res, name, value);
    httpAdapter.setHeader(res, 'Content-Type', PROBLEM_CONTENT_TYPE);
    httpAdapter.reply(res, JSON.stringify(problem.body(url)), problem.getStatus());
  }

  toProblem(exception: unknown): Problem {
    if (exception instanceof Problem) return exception;
    if (exception instanceof QueryFailedError) return this.fromDatabase(exception as QueryFailedError<Error>);
    if (exception instanceof HttpException) return this.fromHttp(exception);
    // the HTTP server's own refusals (body too large, not JSON, ...) carry a status code but are
    // not HttpExceptions
    const serverError = exception as { statusCode?: number; code?: string };
    if (serverError?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new Problem('payload-too-large', 413);
    if (serverError?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return new Problem(
        'malformed-request',
        415,
        'Send the request body as JSON (Content-Type: application/json)',
      );
    const status = serverError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return new Problem('malformed-request', 400, 'The request body is not valid JSON');
    }
    return new Problem('internal-error', 500);
  }

  private fromHttp(exception: HttpException): Problem {
    const status = exception.getStatus();
    if (status === 404) return Problem.noSuchRoute();
    const byStatus: Record<number, ProblemKind> = {
      400: 'malformed-request',
      401: 'unauthenticated',
      403: 'forbidden',
      409: 'conflict',
      413: 'payload-too-large',
      429: 'rate-limited',
      503: 'service-unavailable',
    };
    const kind = byStatus[status] ?? (status >= 500 ? 'internal-error' : 'malformed-request');
    const detail = status < 500 ? exception.message : undefined;
    const response = exception.getResponse() as { details?: unknown };
    // readiness failures say which dependency is down
    const extensions = status === 503 && response?.details ? { checks: response.details } : {};
    return new Problem(kind, status, detail, extensions);
  }

  private fromDatabase(error: QueryFailedError<Error>): Problem {
    const driverError = error.driverError as { code?: string; constraint?: string; detail?: string };
    switch (driverError.code) {
      case PG_UNIQUE_VIOLATION:
        return Problem.conflict('already-exists', 'A record with these values already exists', {
          constraint: driverError.constraint,
        });
      case PG_FOREIGN_KEY_VIOLATION:
        return Problem.conflict('conflict', 'A referenced record does not exist or is still in use', {
          constraint: driverError.constraint,
        });
      case PG_CHECK_VIOLATION:
        return new Problem(
          'validation-failed',
          400,
          `The values break the rule ${driverError.constraint ?? ''}`,
          {
            constraint: driverError.constraint,
          },
        );
      case PG_INVALID_TEXT:
      case PG_OUT_OF_RANGE:
      case PG_NUL_CHARACTER:
      case PG_DATETIME_OUT_OF_RANGE:
      case PG_DATETIME_FORMAT:
        return new Problem('malformed-request', 400, 'A value has the wrong format or is out of range');
      default:
        return new Problem('internal-error', 500);
    }
  }
}
