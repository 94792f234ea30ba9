namespace ActorMail.Configuration;

/// <summary>A leaf value of one layer with where it came from.</summary>
/// <param name="Location">Names the source in error messages: a file path, "environment X", "--data" or "reference".</param>
/// <param name="Origin">Marks the value in config check output: "file /path", "environment X", "--data" or "reference".</param>
internal sealed record LayerValue(RawValue Value, string Location, string Origin);
