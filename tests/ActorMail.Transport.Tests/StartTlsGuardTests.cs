namespace ActorMail.Transport.Tests;

public class StartTlsGuardTests
{
    [Fact]
    public void A_handshake_record_before_the_tls_handler_is_held()
    {
        Assert.Equal(PendingUpgradeInput.HoldForTls, StartTlsGuard.Classify(false, 0, 0x16, 517));
    }

    [Fact]
    public void The_rest_of_a_held_handshake_is_held_whatever_its_first_byte()
    {
        Assert.Equal(PendingUpgradeInput.HoldForTls, StartTlsGuard.Classify(false, 200, (byte)'N', 300));
    }

    [Theory]
    [InlineData((byte)'N')]
    [InlineData((byte)'E')]
    [InlineData((byte)'\r')]
    [InlineData((byte)0x17)]
    public void Plaintext_before_the_tls_handler_is_refused(byte first)
    {
        Assert.Equal(PendingUpgradeInput.Refuse, StartTlsGuard.Classify(false, 0, first, 6));
    }

    [Fact]
    public void Anything_reaching_the_session_once_the_tls_handler_reads_is_refused()
    {
        Assert.Equal(PendingUpgradeInput.Refuse, StartTlsGuard.Classify(true, 0, 0x16, 517));
    }

    [Fact]
    public void Holding_is_bounded()
    {
        Assert.Equal(PendingUpgradeInput.HoldForTls, StartTlsGuard.Classify(false, 0, 0x16, StartTlsGuard.MaxHeldBytes));
        Assert.Equal(PendingUpgradeInput.Refuse, StartTlsGuard.Classify(false, StartTlsGuard.MaxHeldBytes - 10, 0x16, 11));
    }
}
