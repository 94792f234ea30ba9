using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;
using static ActorMail.IntegrationTests.Imap.ImapTestSupport;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>MailKit's ImapClient through a whole client life-cycle against a real node.</summary>
public sealed class ImapLifecycleTests
{
    [Fact]
    public async Task Full_client_lifecycle()
    {
        await using var node = await StartAsync(Listen.Imap | Listen.Smtp);
        await DeliverAsync(node, Alice, Message("first", "alpha body text\r\n"));
        await DeliverAsync(node, Alice, Multipart("second"));

        using var client = await LoginAsync(node);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.QuickResync));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Move));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.UidPlus));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.SpecialUse));

        // LIST with special-use attributes.
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], StatusItems.None, subscribedOnly: false);
        Assert.Contains(folders, f => f.FullName == "Sent" && f.Attributes.HasFlag(FolderAttributes.Sent));
        Assert.Contains(folders, f => f.FullName == "Trash" && f.Attributes.HasFlag(FolderAttributes.Trash));
        var sent = client.GetFolder(SpecialFolder.Sent)!;
        var trash = client.GetFolder(SpecialFolder.Trash)!;
        Assert.Equal("Sent", sent.FullName);

        // STATUS.
        await client.Inbox.StatusAsync(StatusItems.Count | StatusItems.Unread | StatusItems.UidNext | StatusItems.HighestModSeq);
        Assert.Equal(2, client.Inbox.Count);
        Assert.Equal(2, client.Inbox.Unread);

        // ENABLE QRESYNC, SELECT with CONDSTORE.
        await client.EnableQuickResyncAsync();
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
        Assert.Equal(2, client.Inbox.Count);
        var validity = client.Inbox.UidValidity;
        var modseq = client.Inbox.HighestModSeq;
        Assert.True(modseq > 0);

        // FETCH envelope, structure, flags; body parts.
        var summaries = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope
            | MessageSummaryItems.BodyStructure | MessageSummaryItems.Flags | MessageSummaryItems.Size | MessageSummaryItems.InternalDate
            | MessageSummaryItems.ModSeq);
        Assert.Equal(2, summaries.Count);
        Assert.Equal("first", summaries[0].Envelope!.Subject);
        Assert.Equal("Bob Example", summaries[0].Envelope!.From.Mailboxes.First().Name);
        Assert.Equal("second", summaries[1].Envelope!.Subject);
        var multipart = Assert.IsType<BodyPartMultipart>(summaries[1].Body);
        Assert.Equal(2, multipart.BodyParts.Count);
        Assert.Equal("a.bin", ((BodyPartBasic)multipart.BodyParts[1]).FileName);
        var text = (BodyPartText)await Task.FromResult(multipart.BodyParts[0]);
        var part = (TextPart)await client.Inbox.GetBodyPartAsync(summaries[1].UniqueId, text);
        Assert.Equal("part one text", part.Text.Trim());

        var whole = await client.Inbox.GetMessageAsync(summaries[0].UniqueId);
        Assert.Equal("alpha body text", whole.TextBody!.Trim());

        // STORE with UNCHANGEDSINCE, then UID FETCH CHANGEDSINCE shows only that message.
        var before = client.Inbox.HighestModSeq;
        await client.Inbox.StoreAsync(summaries[1].UniqueId, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Flagged) { UnchangedSince = summaries[1].ModSeq });
        var changed = await client.Inbox.FetchAsync(new[] { summaries[0].UniqueId, summaries[1].UniqueId }, new FetchRequest(MessageSummaryItems.Flags) { ChangedSince = modseq });
        Assert.Contains(changed, s => s.UniqueId == summaries[1].UniqueId && s.Flags!.Value.HasFlag(MessageFlags.Flagged));

        // SEARCH: flags, header, body text.
        Assert.Single(await client.Inbox.SearchAsync(SearchQuery.HasFlags(MessageFlags.Flagged)));
        Assert.Single(await client.Inbox.SearchAsync(SearchQuery.SubjectContains("SECOND")));
        Assert.Single(await client.Inbox.SearchAsync(SearchQuery.BodyContains("Alpha Body")));
        Assert.Equal(2, (await client.Inbox.SearchAsync(SearchQuery.All)).Count);
        Assert.Equal(2, (await client.Inbox.SearchAsync(SearchQuery.NotSeen)).Count);
        await client.Inbox.AddFlagsAsync(summaries[0].UniqueId, MessageFlags.Seen, silent: false);
        Assert.Single(await client.Inbox.SearchAsync(SearchQuery.NotSeen));

        // IDLE while a message arrives over SMTP.
        using (var idleDone = new CancellationTokenSource(Wait))
        {
            var arrived = new TaskCompletionSource();
            client.Inbox.CountChanged += (_, _) =>
            {
                if (client.Inbox.Count == 3) arrived.TrySetResult();
            };
            using var done = new CancellationTokenSource();
            var idle = client.IdleAsync(done.Token, idleDone.Token);
            await SendSmtpAsync(node, Message("third, by smtp"));
            await arrived.Task.WaitAsync(Wait);
            done.Cancel();
            await idle;
        }

        Assert.Equal(3, client.Inbox.Count);

        // APPEND to Sent gives APPENDUID.
        var draft = new MimeMessage();
        draft.From.Add(MailboxAddress.Parse(Alice));
        draft.To.Add(MailboxAddress.Parse("someone@example.org"));
        draft.Subject = "sent one";
        draft.Body = new TextPart("plain") { Text = "sent body" };
        var appended = await sent.AppendAsync(draft, MessageFlags.Seen);
        Assert.NotNull(appended);
        Assert.Equal(1, (await node.StatusAsync(Alice, "Sent")).Messages);

        // MOVE to Trash (COPYUID), then EXPUNGE by flag.
        var moved = await client.Inbox.MoveToAsync(summaries[0].UniqueId, trash);
        Assert.NotNull(moved);
        Assert.Equal(2, client.Inbox.Count);
        Assert.Equal(1, (await node.StatusAsync(Alice, "Trash")).Messages);
        await client.Inbox.AddFlagsAsync(0, MessageFlags.Deleted, silent: true);
        await client.Inbox.ExpungeAsync();
        Assert.Equal(1, client.Inbox.Count);
        Assert.Equal(1, (await node.StatusAsync(Alice)).Messages);
        await client.Inbox.CloseAsync();

        // QRESYNC resync: reopen with the known UIDVALIDITY and modseq; the expunged UIDs come back as VANISHED.
        var vanished = new List<UniqueId>();
        client.Inbox.MessagesVanished += (_, e) => vanished.AddRange(e.UniqueIds);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite, validity, modseq, summaries.Select(s => s.UniqueId).ToList());
        Assert.Contains(summaries[0].UniqueId, vanished);
        Assert.Contains(summaries[1].UniqueId, vanished);
        Assert.Equal(validity, client.Inbox.UidValidity);

        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task Search_matches_encoded_subjects_and_utf8_text()
    {
        await using var node = await StartAsync();
        await DeliverAsync(node, Alice, Encoding.ASCII.GetBytes(
            "From: bob@example.org\r\nSubject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=\r\nX-Note: =?ISO-8859-1?Q?caf=E9_cr=E8me?=\r\n\r\nplain body\r\n"));
        await DeliverAsync(node, Alice, Message("unrelated"));
        using var client = await LoginAsync(node);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var hits = await client.Inbox.SearchAsync(SearchQuery.SubjectContains("grüße AUS köln"));
        Assert.Single(hits);
        Assert.Single(await client.Inbox.SearchAsync(SearchQuery.HeaderContains("X-Note", "CAFÉ crème")));
        Assert.Empty(await client.Inbox.SearchAsync(SearchQuery.SubjectContains("nowhere")));
        Assert.Equal(2, (await client.Inbox.SearchAsync(SearchQuery.BodyContains("BODY").Or(SearchQuery.BodyContains("there")))).Count);
    }

    private static async Task SendSmtpAsync(TestNode node, byte[] message)
    {
        using var smtp = new MailKit.Net.Smtp.SmtpClient { Timeout = (int)Wait.TotalMilliseconds };
        var ep = node.Endpoint("smtp");
        await smtp.ConnectAsync(ep.Address.ToString(), ep.Port, MailKit.Security.SecureSocketOptions.None);
        var mime = await MimeMessage.LoadAsync(new MemoryStream(message));
        await smtp.SendAsync(mime, MailboxAddress.Parse("bob@example.org"), [MailboxAddress.Parse(Alice)]);
        await smtp.DisconnectAsync(true);
    }
}
