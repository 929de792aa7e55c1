import { ModelError } from "../errors.js";
import type { ModelUsage } from "../review/ports.js";
import { classifyErrorEvent, classifyFailedResponse, incompleteError } from "./errors.js";
import type { ContentPart, OutputItem, ServerEvent, WireUsage } from "./events.js";
import { toUsage } from "./usage.js";

export interface AssembledResponse {
  text: string;
  usage: ModelUsage;
  responseId: string;
  model: string;
}

export type AssemblyOutcome =
  { ok: true; response: AssembledResponse } | { ok: false; error: ModelError; usage: ModelUsage | undefined };

interface PartState {
  type: "output_text" | "refusal";
  text: string;
  final: boolean;
}

interface ItemState {
  done: OutputItem | undefined;
  parts: Map<number, PartState>;
}

/**
 * Builds one response from its events. The service may skip the `added` events, send deltas only,
 * or complete without `output` (WebSocket mode), so the truth is, in order of preference:
 * `output_item.done` items by `output_index`, then `completed.response.output`, then the deltas.
 */
export class ResponseAssembler {
  private readonly items = new Map<number, ItemState>();
  private responseId = "";
  private model: string;
  private sawToken = false;

  constructor(
    requestedModel: string,
    private readonly onFirstToken: () => void = () => {},
    private readonly onText?: (delta: string) => void,
  ) {
    this.model = requestedModel;
  }

  get started(): boolean {
    return this.responseId !== "";
  }

  push(event: ServerEvent): AssemblyOutcome | undefined {
    switch (event.type) {
      case "response.created":
      case "response.queued":
      case "response.in_progress":
        this.responseId = event.response.id;
        if (event.response.model) this.model = event.response.model;
        return undefined;
      case "response.output_item.added":
        this.item(event.output_index);
        return undefined;
      case "response.output_item.done":
        this.item(event.output_index).done = event.item;
        return undefined;
      case "response.content_part.added":
      case "response.content_part.done":
        this.part(
          event.output_index,
          event.content_index,
          event.part.type === "refusal" ? "refusal" : "output_text",
        );
        return undefined;
      case "response.output_text.delta":
      case "response.refusal.delta":
        this.token();
        this.appendDelta(event.output_index, event.content_index, event.type, event.delta);
        return undefined;
      case "response.output_text.done":
        this.finishPart(event.output_index, event.content_index, "output_text", event.text);
        return undefined;
      case "response.refusal.done":
        this.finishPart(event.output_index, event.content_index, "refusal", event.refusal);
        return undefined;
      case "response.completed":
        return this.complete(
          event.response.id,
          event.response.model,
          event.response.output,
          event.response.usage,
        );
      case "response.failed":
        return {
          ok: false,
          error: classifyFailedResponse(event.response, this.model),
          usage: this.usageOf(event.response.usage),
        };
      case "response.incomplete":
        return {
          ok: false,
          error: incompleteError(event.response),
          usage: this.usageOf(event.response.usage),
        };
      case "error":
        return { ok: false, error: classifyErrorEvent(event, this.model), usage: undefined };
    }
  }

  private usageOf(wire: WireUsage | null | undefined): ModelUsage | undefined {
    return wire ? toUsage(wire) : undefined;
  }

  private token(): void {
    if (this.sawToken) return;
    this.sawToken = true;
    this.onFirstToken();
  }

  private item(index: number): ItemState {
    let state = this.items.get(index);
    if (!state) {
      state = { done: undefined, parts: new Map() };
      this.items.set(index, state);
    }
    return state;
  }

  private part(index: number, contentIndex: number, type: PartState["type"]): PartState {
    const parts = this.item(index).parts;
    let state = parts.get(contentIndex);
    if (!state) {
      state = { type, text: "", final: false };
      parts.set(contentIndex, state);
    }
    return state;
  }

  private appendDelta(index: number, contentIndex: number, type: string, delta: string): void {
    const state = this.part(
      index,
      contentIndex,
      type === "response.refusal.delta" ? "refusal" : "output_text",
    );
    if (state.final) return;
    state.text += delta;
    if (state.type === "output_text") this.onText?.(delta);
  }

  private finishPart(index: number, contentIndex: number, type: PartState["type"], text: string): void {
    const state = this.part(index, contentIndex, type);
    state.text = text;
    state.final = true;
  }

  private complete(
    id: string,
    model: string | undefined,
    output: OutputItem[] | null | undefined,
    usage: WireUsage | null | undefined,
  ): AssemblyOutcome {
    const indices = new Set<number>([...this.items.keys(), ...(output ?? []).map((_, index) => index)]);
    let text = "";
    const refusals: string[] = [];
    for (const index of [...indices].sort((a, b) => a - b)) {
      for (const part of this.partsOf(index, output?.[index])) {
        if (part.type === "refusal") refusals.push(part.refusal ?? part.text ?? "");
        else if (part.type === "output_text") text += part.text ?? "";
      }
    }
    const responseId = id || this.responseId;
    const usageValue = toUsage(usage);
    if (refusals.length > 0) {
      const said = refusals.join(" ").slice(0, 200);
      return {
        ok: false,
        error: new ModelError("model_refused", `model refused: ${said}`),
        usage: usageValue,
      };
    }
    return { ok: true, response: { text, usage: usageValue, responseId, model: model ?? this.model } };
  }

  private partsOf(index: number, fromCompleted: OutputItem | undefined): ContentPart[] {
    const state = this.items.get(index);
    const item = state?.done?.content ? state.done : fromCompleted?.content ? fromCompleted : undefined;
    if (item) return item.type === "message" ? (item.content ?? []) : [];
    if (!state) return [];
    return [...state.parts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, part]) =>
        part.type === "refusal"
          ? { type: "refusal", refusal: part.text }
          : { type: "output_text", text: part.text },
      );
  }
}
