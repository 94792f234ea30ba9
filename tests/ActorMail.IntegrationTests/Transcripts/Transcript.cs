using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ActorMail.IntegrationTests.Transcripts;

/// <summary>What one transcript line asks for.</summary>
public enum StepKind
{
    /// <summary><c>C: text</c>: send text + CRLF. <c>C&gt; text</c>: send the text with escapes (\r \n \t \0 \xHH \\), no CRLF added.</summary>
    Send,

    /// <summary><c>S: text</c> (exact, or a prefix when it ends in '*') or <c>S~ regex</c>: the next line must match.</summary>
    Expect,

    /// <summary><c>S: ...</c>: skip lines until the next expectation matches (multi-line replies, untagged data).</summary>
    Skip,

    /// <summary><c>TLS</c>: upgrade the client side to TLS (after STARTTLS/STLS was accepted).</summary>
    Tls,

    /// <summary><c>CLOSED</c>: the server closes the connection; any further line fails the step.</summary>
    Closed,
}

/// <summary>One step with its line number for failure messages.</summary>
public sealed record TranscriptStep(int Line, StepKind Kind, string Text, byte[]? Bytes = null, Regex? Pattern = null, bool Prefix = false)
{
    public bool Matches(string received) =>
        Pattern is not null ? Pattern.IsMatch(received)
        : Prefix ? received.StartsWith(Text, StringComparison.Ordinal)
        : received == Text;
}

/// <summary>
/// A protocol-neutral conversation script: <c>C:</c>/<c>C&gt;</c> lines send, <c>S:</c>/<c>S~</c> lines
/// expect, <c>S: ...</c> skips, <c>TLS</c> upgrades, <c>CLOSED</c> expects the close. Lines starting with
/// '#' are comments; <c>@key value</c> lines are directives for the test that runs the file
/// (e.g. <c>@listener smtp</c>, <c>@env KEY=VALUE</c>, <c>@user address password</c>, <c>@bind 127.0.0.2</c>).
/// A send line may repeat a character with <c>{X*600}</c>.
/// </summary>
public sealed class Transcript
{
    private static readonly Regex Repeat = new(@"\{(.)\*(\d+)\}", RegexOptions.CultureInvariant);

    public string Name { get; }
    public IReadOnlyList<TranscriptStep> Steps { get; }
    public IReadOnlyList<(string Key, string Value)> Directives { get; }

    private Transcript(string name, IReadOnlyList<TranscriptStep> steps, IReadOnlyList<(string, string)> directives)
    {
        Name = name;
        Steps = steps;
        Directives = directives;
    }

    public IEnumerable<string> Directive(string key) => Directives.Where(d => d.Key == key).Select(d => d.Value);

    public static Transcript Load(string path) => Parse(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path));

    public static Transcript Parse(string name, string text)
    {
        var steps = new List<TranscriptStep>();
        var directives = new List<(string, string)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            int no = i + 1;
            if (line.Trim().Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('@'))
            {
                var sp = line.IndexOf(' ');
                directives.Add(sp < 0 ? (line[1..], "") : (line[1..sp], line[(sp + 1)..].Trim()));
                continue;
            }
            var trimmed = line.TrimEnd();
            if (trimmed == "TLS") steps.Add(new TranscriptStep(no, StepKind.Tls, ""));
            else if (trimmed == "CLOSED") steps.Add(new TranscriptStep(no, StepKind.Closed, ""));
            else if (line.StartsWith("C: ", StringComparison.Ordinal) || line == "C:")
            {
                var payload = ExpandRepeats(line.Length > 3 ? line[3..] : "") + "\r\n";
                steps.Add(new TranscriptStep(no, StepKind.Send, payload, Encoding.UTF8.GetBytes(payload)));
            }
            else if (line.StartsWith("C> ", StringComparison.Ordinal))
            {
                var bytes = Unescape(ExpandRepeats(line[3..]));
                steps.Add(new TranscriptStep(no, StepKind.Send, line[3..], bytes));
            }
            else if (line.StartsWith("S: ", StringComparison.Ordinal))
            {
                var expect = line[3..];
                if (expect == "...") steps.Add(new TranscriptStep(no, StepKind.Skip, ""));
                else if (expect.EndsWith('*')) steps.Add(new TranscriptStep(no, StepKind.Expect, expect[..^1], Prefix: true));
                else steps.Add(new TranscriptStep(no, StepKind.Expect, expect));
            }
            else if (line.StartsWith("S~ ", StringComparison.Ordinal))
            {
                steps.Add(new TranscriptStep(no, StepKind.Expect, line[3..], Pattern: new Regex(line[3..], RegexOptions.CultureInvariant)));
            }
            else
            {
                throw new FormatException($"{name}:{no}: cannot read transcript line '{line}'");
            }
        }
        return new Transcript(name, steps, directives);
    }

    private static string ExpandRepeats(string text) =>
        Repeat.Replace(text, m => new string(m.Groups[1].Value[0], int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));

    private static byte[] Unescape(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            char n = text[++i];
            switch (n)
            {
                case 'r': bytes.Add((byte)'\r'); break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case '0': bytes.Add(0); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case 'x':
                    bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: throw new FormatException($"unknown escape \\{n}");
            }
        }
        return bytes.ToArray();
    }
}
