namespace ActorMail.Configuration;

/// <summary>One configuration problem.</summary>
/// <param name="Path">HOCON path of the setting ("" when the problem concerns a whole file).</param>
/// <param name="File">Where the value came from: a file path, "environment ACTORMAIL__X__Y", "--data" or "reference".</param>
/// <param name="Message">One complete line naming the path and the file, suitable for stderr.</param>
public sealed record SettingsError(string Path, string File, string Message)
{
    public override string ToString() => Message;
}
