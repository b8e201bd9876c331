/**
 * Server-Sent Events over fetch. EventSource cannot send an Authorization header, so the stream is read
 * with fetch and a streaming reader and parsed here (the text/event-stream format of the HTML standard).
 */

import { ApiProblem, networkProblem } from "./problem";
import { accessToken, refresh } from "./session";

export interface ServerEvent {
  event: string;
  data: string;
}

/** Splits a text/event-stream into events; feed it chunks as they arrive. */
export class EventStreamParser {
  private buffer = "";
  private event = "";
  private data: string[] = [];

  push(chunk: string): ServerEvent[] {
    this.buffer += chunk;
    const found: ServerEvent[] = [];
    let end: number;
    while ((end = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, end);
      // A lone \r at the end of a chunk may be the first half of \r\n: wait for the next chunk.
      if (this.buffer[end] === "\r" && end === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith("\r\n", end) ? 2 : 1));
      const dispatched = this.line(line);
      if (dispatched) found.push(dispatched);
    }
    return found;
  }

  private line(line: string): ServerEvent | null {
    if (line === "") {
      const dispatched = this.data.length ? { event: this.event || "message", data: this.data.join("\n") } : null;
      this.event = "";
      this.data = [];
      return dispatched;
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
    return null;
  }
}

async function open(url: string, signal?: AbortSignal): Promise<Response> {
  const get = (token: string | null) =>
    fetch(url, {
      headers: { Accept: "text/event-stream", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      signal,
    });
  try {
    let response = await get(await accessToken());
    if (response.status === 401) {
      const fresh = await refresh();
      if (fresh) response = await get(fresh);
    }
    return response;
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw networkProblem(cause);
  }
}

/** Read the events of `url` until the server ends the stream; an ApiProblem when it answers with one. */
export async function readEvents(
  url: string,
  onEvent: (event: ServerEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const response = await open(url, signal);
  if (!response.ok || !response.body) {
    throw new ApiProblem(response.status, await response.json().catch(() => null));
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventStreamParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const event of parser.push(value)) onEvent(event);
  }
}
