package dev.kefu.events;

/**
 * Something the business tells the edge about, after it happened. Events that record a committed
 * change are fired as CDI events inside the transaction and reach the {@link EventBus} only after
 * commit; ephemeral ones (typing, presence) go to the bus directly.
 */
public sealed interface KefuEvent
    permits MessagePosted,
        ConversationAssigned,
        ConversationClosed,
        QueueMoved,
        TypingChanged,
        ReadUpTo,
        VisitorPageViewed,
        NoteAdded,
        ConversationMissed,
        ConversationRated,
        AccountDisabled,
        AccessBlocked,
        ProtectionChanged,
        VisitorInvited,
        AvailabilityChanged,
        MembershipChanged,
        StatusSetByAdmin,
        VisitorErased,
        SiteChanged {}
