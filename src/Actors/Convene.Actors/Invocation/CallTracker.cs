namespace Convene.Actors.Invocation;

/// <summary>
/// The calls awaiting a response, so that those past their deadline fail with a timeout. Striped
/// intrusive lists: adding and removing a call allocates nothing and takes one uncontended lock.
/// </summary>
internal sealed class CallTracker
{
    private readonly Stripe[] _stripes;

    public CallTracker()
    {
        _stripes = new Stripe[Math.Max(4, Environment.ProcessorCount * 4)];
        for (var i = 0; i < _stripes.Length; i++) _stripes[i] = new Stripe();
    }

    public void Track(Message message, TimeSpan timeout)
    {
        message.DeadlineMs = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var stripe = StripeOf(message);
        lock (stripe)
        {
            message.Next = stripe.Head;
            if (stripe.Head is not null) stripe.Head.Previous = message;
            stripe.Head = message;
            message.Tracker = this;
        }
    }

    public void Untrack(Message message)
    {
        var stripe = StripeOf(message);
        lock (stripe)
        {
            if (message.Tracker != this) return;
            if (message.Previous is not null) message.Previous.Next = message.Next; else stripe.Head = message.Next;
            if (message.Next is not null) message.Next.Previous = message.Previous;
            message.Previous = message.Next = null;
            message.Tracker = null;
        }
    }

    /// <summary>Removes and returns the calls whose deadline has passed.</summary>
    public List<Message> TakeExpired(long nowMs)
    {
        var expired = new List<Message>();
        foreach (var stripe in _stripes)
        {
            lock (stripe)
            {
                for (var m = stripe.Head; m is not null;)
                {
                    var next = m.Next;
                    if (m.DeadlineMs <= nowMs)
                    {
                        if (m.Previous is not null) m.Previous.Next = m.Next; else stripe.Head = m.Next;
                        if (m.Next is not null) m.Next.Previous = m.Previous;
                        m.Previous = m.Next = null;
                        m.Tracker = null;
                        expired.Add(m);
                    }
                    m = next;
                }
            }
        }
        return expired;
    }

    private Stripe StripeOf(Message message) =>
        _stripes[(int)((uint)System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(message) % (uint)_stripes.Length)];

    private sealed class Stripe
    {
        public Message? Head;
    }
}
