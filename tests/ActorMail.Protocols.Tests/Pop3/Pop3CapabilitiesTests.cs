using ActorMail.Protocols.Pop3;

namespace ActorMail.Protocols.Tests.Pop3;

public class Pop3CapabilitiesTests
{
    [Fact]
    public void Plaintext_connection_with_stls_and_tls_required()
    {
        var facts = new Pop3SessionFacts(TlsActive: false, TlsAvailable: true, PlaintextAuthAllowed: false);
        Assert.Equal(
            "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nSTLS\r\n"
            + "IMPLEMENTATION ActorMail\r\n.\r\n",
            Pop3Capabilities.Render(facts));
        Assert.Empty(Pop3Capabilities.Mechanisms(facts));
        Assert.False(Pop3Capabilities.IsMechanismOffered(facts, "PLAIN"));
    }

    [Fact]
    public void Tls_active_offers_logins_and_no_stls()
    {
        var facts = new Pop3SessionFacts(TlsActive: true, TlsAvailable: true, PlaintextAuthAllowed: true);
        Assert.Equal(
            "+OK Capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nSASL PLAIN\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n"
            + "PIPELINING\r\nIMPLEMENTATION ActorMail\r\n.\r\n",
            Pop3Capabilities.Render(facts));
        Assert.True(Pop3Capabilities.IsMechanismOffered(facts, "PLAIN"));
    }

    [Fact]
    public void Plaintext_allowed_without_any_tls()
    {
        var lines = Pop3Capabilities.Lines(new Pop3SessionFacts(false, false, PlaintextAuthAllowed: true));
        Assert.Contains("USER", lines);
        Assert.Contains("SASL PLAIN", lines);
        Assert.DoesNotContain("STLS", lines);
    }

    [Fact]
    public void Every_line_is_a_valid_capability_line()
    {
        foreach (bool a in new[] { false, true })
        foreach (bool b in new[] { false, true })
        foreach (bool c in new[] { false, true })
        {
            var lines = Pop3Capabilities.Lines(new Pop3SessionFacts(a, b, c));
            Assert.Contains("PIPELINING", lines);
            Assert.All(lines, line => Assert.Matches("^[A-Z][A-Z0-9-]*( [!-~]+)*$", line));
            Assert.Equal(lines.Count, lines.Distinct().Count());
        }
    }

    [Fact]
    public void Mechanism_listing_for_auth_without_arguments()
    {
        Assert.Equal(
            "+OK Supported mechanisms follow\r\nPLAIN\r\n.\r\n",
            Pop3Capabilities.RenderMechanisms(new Pop3SessionFacts(true, true, true)));
        Assert.Equal(
            "+OK Supported mechanisms follow\r\n.\r\n",
            Pop3Capabilities.RenderMechanisms(new Pop3SessionFacts(false, true, false)));
    }
}
