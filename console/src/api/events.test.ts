import { describe, expect, it } from "vitest";
import { EventStreamParser } from "./events";

describe("EventStreamParser", () => {
  it("yields named events with their data, whatever the chunking", () => {
    const stream =
      'event: progress\ndata: {"phase":"reading","done":1,"total":3}\n\n: keep-alive\n\nevent: done\r\ndata: {"id":"r1"}\r\n\r\n';
    for (const size of [1, 2, 7, stream.length]) {
      const parser = new EventStreamParser();
      const events = [];
      for (let i = 0; i < stream.length; i += size) events.push(...parser.push(stream.slice(i, i + size)));
      expect(events).toEqual([
        { event: "progress", data: '{"phase":"reading","done":1,"total":3}' },
        { event: "done", data: '{"id":"r1"}' },
      ]);
    }
  });

  it("joins several data lines and defaults the event name to message", () => {
    const parser = new EventStreamParser();
    expect(parser.push("data: a\ndata:b\n\n")).toEqual([{ event: "message", data: "a\nb" }]);
  });

  it("keeps an unfinished event until its blank line arrives", () => {
    const parser = new EventStreamParser();
    expect(parser.push("event: progress\ndata: x\n")).toEqual([]);
    expect(parser.push("\n")).toEqual([{ event: "progress", data: "x" }]);
  });
});
