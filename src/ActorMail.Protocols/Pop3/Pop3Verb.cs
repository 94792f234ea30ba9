namespace ActorMail.Protocols.Pop3;

/// <summary>The POP3 command keywords ActorMail recognises.</summary>
public enum Pop3Verb
{
    User,
    Pass,
    Auth,
    Apop,
    Stat,
    List,
    Retr,
    Dele,
    Noop,
    Rset,
    Quit,
    Top,
    Uidl,
    Capa,
    Stls,
}
