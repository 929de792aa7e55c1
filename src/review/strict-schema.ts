import { toJSONSchema, type z } from "zod";

/**
 * The JSON schema of a zod schema, in the shape OpenAI's strict structured output accepts for
 * `text.format`: draft-7, the output side of transforms, and no `$schema` key (the service refuses
 * it). Every model answer's schema goes through here.
 */
export function strictJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = toJSONSchema(schema, { target: "draft-7", io: "output" }) as Record<
    string,
    unknown
  >;
  return rest;
}
