using ReviewBot.Model;

namespace ReviewBot.Reviews;

/// <summary>The JSON schemas the model answers in (strict mode: all properties required, nullable where optional).</summary>
public static class ReviewSchemas
{
    public static ModelSchema Review { get; } = new("review", "Findings about a code change and whether it does what it says.", """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["intent", "findings"],
          "properties": {
            "intent": {
              "type": "object",
              "additionalProperties": false,
              "required": ["verdict", "explanation"],
              "properties": {
                "verdict": { "type": "string", "enum": ["matches", "partial", "mismatch", "unclear"] },
                "explanation": { "type": "string" }
              }
            },
            "findings": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["path", "side", "startLine", "endLine", "priority", "confidence", "title", "explanation", "evidence", "replacement"],
                "properties": {
                  "path": { "type": "string" },
                  "side": { "type": "string", "enum": ["head", "base"] },
                  "startLine": { "type": "integer" },
                  "endLine": { "type": "integer" },
                  "priority": { "type": "string", "enum": ["P0", "P1", "P2", "P3"] },
                  "confidence": { "type": "number" },
                  "title": { "type": "string" },
                  "explanation": { "type": "string" },
                  "evidence": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": ["path", "line", "side", "quote"],
                      "properties": {
                        "path": { "type": "string" },
                        "line": { "type": "integer" },
                        "side": { "type": "string", "enum": ["head", "base"] },
                        "quote": { "type": "string" }
                      }
                    }
                  },
                  "replacement": { "type": ["string", "null"] }
                }
              }
            }
          }
        }
        """);

    public static ModelSchema Verification { get; } = new("verification", "Whether each candidate finding holds.", """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["verdicts"],
          "properties": {
            "verdicts": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["index", "keep", "reason"],
                "properties": {
                  "index": { "type": "integer" },
                  "keep": { "type": "boolean" },
                  "reason": { "type": "string" }
                }
              }
            }
          }
        }
        """);
}
