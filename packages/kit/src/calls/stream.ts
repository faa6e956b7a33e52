// One streamed call to one instance: the deadline covers only the answer's head, then the body flows as it
// comes for as long as the instance sends it (an event stream stays open for minutes).

import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { type CallTarget, UpstreamTimeoutError, UpstreamUnreachableError } from './errors.ts';
import { type Deadline, dispatchOptionsOf, isConnectionFailure, presentHeaders, type WireRequest } from './http.ts';
import type { Endpoint } from './instances.ts';

/** An answer whose body is still arriving: `openStream` resolves with it once the status and headers are in. */
export interface StreamedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /**
   * The body as the instance sends it, with no deadline; it ends when the instance ends the answer and fails if
   * the connection breaks. Read it or destroy it: destroying it aborts the request upstream (the instance sees
   * its client go away).
   */
  body: Readable;
}

/**
 * Sends one request to one instance and resolves at the answer's head, or throws a typed call error when no
 * head came: past the deadline the request is aborted, whether it waits for a socket or for the head.
 */
export function openOnInstance(
  dispatcher: Dispatcher,
  target: CallTarget,
  endpoint: Endpoint,
  request: WireRequest,
  deadline: Deadline,
): Promise<StreamedResponse> {
  return new Promise((resolve, reject) => {
    const call = new InstanceStream(target, endpoint, deadline, resolve, reject);
    try {
      dispatcher.dispatch(dispatchOptionsOf(endpoint, request), call);
    } catch (error) {
      call.fail(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** The caller destroyed the body before it ended: the reason the upstream request is aborted with. */
class StreamAbandoned extends Error {
  constructor(target: CallTarget) {
    super(`the caller stopped reading the ${target.service} service's stream`);
    this.name = 'StreamAbandoned';
  }
}

/** undici's callbacks for one streamed call; the body is a Readable that pauses the socket when nobody reads. */
class InstanceStream implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #settled = false;
  #body: Readable | undefined;
  #ended = false;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly target: CallTarget,
    private readonly endpoint: Endpoint,
    private readonly deadline: Deadline,
    private readonly resolve: (response: StreamedResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.#timer = setTimeout(() => this.expire(), Math.max(0, deadline.at - Date.now()));
  }

  /** Rejects the call, when it has not resolved yet. */
  fail(error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.reject(error);
  }

  private timeout(): UpstreamTimeoutError {
    return new UpstreamTimeoutError(this.target, this.deadline.budgetMs, this.endpoint.instance.id);
  }

  private expire(): void {
    const error = this.timeout();
    this.fail(error);
    // Before a socket was free there is no controller yet: onRequestStart aborts as soon as there is.
    this.#controller?.abort(error);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#settled) controller.abort(this.timeout());
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // A 1xx (100 Continue, 103 Early Hints) is not the answer's head; the deadline still runs.
    if (this.#settled || statusCode < 200) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    const body = new Readable({
      read: () => controller.resume(),
      destroy: (error, callback) => {
        if (!this.#ended) {
          this.#ended = true;
          controller.abort(error ?? new StreamAbandoned(this.target));
        }
        callback(error);
      },
    });
    this.#body = body;
    this.resolve({ status: statusCode, headers: presentHeaders(headers), body });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    // Past the reader's high-water mark: stop reading the socket until `read` asks for more.
    if (this.#body && !this.#body.push(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    this.#ended = true;
    this.#body?.push(null);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (!this.#settled) {
      this.fail(
        isConnectionFailure(error) ? new UpstreamUnreachableError(this.target, this.endpoint.instance, error) : error,
      );
      return;
    }
    // After the head: the body breaks (a no-op when the caller destroyed it, which is what aborted the call).
    this.#ended = true;
    this.#body?.destroy(error);
  }
}
