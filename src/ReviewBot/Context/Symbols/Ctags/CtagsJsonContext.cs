using System.Text.Json.Serialization;

namespace ReviewBot.Context.Symbols.Ctags;

[JsonSerializable(typeof(CtagsMessage))]
[JsonSerializable(typeof(CtagsRequest))]
internal sealed partial class CtagsJsonContext : JsonSerializerContext;
