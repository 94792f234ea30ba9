using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ActorMail.Core.Tests;

/// <summary>
/// The arrows of ARCHITECTURE.md: pure code (Core, Protocols) references no actor, transport or
/// storage package; DotNetty stays inside the transport project. Checked on the project files and
/// sources themselves, since Akka.Remote brings DotNetty into every process transitively.
/// </summary>
public class ArchitectureTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ActorMail.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ActorMail.sln not found above " + AppContext.BaseDirectory);
    }

    private static (IReadOnlyList<string> Projects, IReadOnlyList<string> Packages) References(string project)
    {
        var doc = XDocument.Load(Path.Combine(Root, "src", project, project + ".csproj"));
        var projects = doc.Descendants("ProjectReference").Select(e => Path.GetFileNameWithoutExtension((string)e.Attribute("Include")!)).ToList();
        var packages = doc.Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!).ToList();
        return (projects, packages);
    }

    [Theory]
    [InlineData("ActorMail.Core")]
    [InlineData("ActorMail.Protocols")]
    public void Pure_projects_reference_no_actor_transport_or_storage_code(string project)
    {
        var (projects, packages) = References(project);
        Assert.All(projects, p => Assert.Equal("ActorMail.Core", p));
        Assert.Empty(packages);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src", project), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
            var text = File.ReadAllText(file);
            Assert.DoesNotMatch(new Regex(@"^\s*using\s+(Akka|DotNetty|Serilog|Microsoft\.Data|Npgsql|MimeKit|MailKit)\b", RegexOptions.Multiline), text);
        }
    }

    [Fact]
    public void Only_the_transport_project_uses_DotNetty()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(Root, "src")))
        {
            var name = Path.GetFileName(dir);
            var (_, packages) = References(name);
            bool usesDotNetty = packages.Any(p => p.StartsWith("DotNetty", StringComparison.Ordinal));
            Assert.True(name == "ActorMail.Transport" || !usesDotNetty, $"{name} references DotNetty directly");
            if (name == "ActorMail.Transport") continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
                Assert.DoesNotMatch(new Regex(@"^\s*using\s+DotNetty\b", RegexOptions.Multiline), File.ReadAllText(file));
            }
        }
    }

    [Fact]
    public void Inner_projects_never_reference_outer_ones()
    {
        // Sessions and Host are the outer ring; nothing below them may reference them.
        string[] outer = ["ActorMail.Sessions", "ActorMail.Host"];
        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(Root, "src")))
        {
            var name = Path.GetFileName(dir);
            if (outer.Contains(name)) continue;
            var (projects, _) = References(name);
            Assert.DoesNotContain(projects, p => outer.Contains(p));
            if (name is "ActorMail.Storage" or "ActorMail.Mailboxes" or "ActorMail.Accounts" or "ActorMail.Delivery" or "ActorMail.Configuration")
                Assert.DoesNotContain("ActorMail.Transport", projects);
        }
    }
}
