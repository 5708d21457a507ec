using Convene.Media.Routing;

namespace Convene.Media.Tests.Routing;

/// <summary>Bandwidth-driven simulcast layer choice with hysteresis.</summary>
public sealed class LayerSelectorTests
{
    private static readonly LayerCandidate[] _three = [new(true, 150_000), new(true, 500_000), new(true, 1_500_000)];
    private static TimeSpan T(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_first_choice_is_the_highest_layer_that_fits_at_once()
    {
        Assert.Equal(2, new LayerSelector().Select(_three, long.MaxValue, T(0)));
        Assert.Equal(1, new LayerSelector().Select(_three, 800_000, T(0)));
        Assert.Equal(LayerSelector.AudioOnly, new LayerSelector().Select(_three, 100_000, T(0)));
    }

    [Fact]
    public void Goes_down_at_once_and_up_only_after_the_higher_layer_fitted_with_margin_for_the_hold()
    {
        var selector = new LayerSelector();
        Assert.Equal(2, selector.Select(_three, 3_000_000, T(0)));
        Assert.Equal(0, selector.Select(_three, 300_000, T(1))); // a 300 kbit/s cap: straight to the low layer
        Assert.Equal(0, selector.Select(_three, 550_000, T(2))); // fits the medium layer, but not with 20 % to spare
        Assert.Equal(0, selector.Select(_three, 700_000, T(3))); // fits with margin: the hold starts
        Assert.Equal(0, selector.Select(_three, 700_000, T(4.5)));
        Assert.Equal(1, selector.Select(_three, 700_000, T(5.1)));
        Assert.Equal(1, selector.Select(_three, 2_000_000, T(6))); // the high layer: hold again
        Assert.Equal(1, selector.Select(_three, 550_000, T(6.5))); // a dip below the margin resets the hold (500 k still fits)
        Assert.Equal(1, selector.Select(_three, 2_000_000, T(7)));
        Assert.Equal(1, selector.Select(_three, 2_000_000, T(8.9)));
        Assert.Equal(2, selector.Select(_three, 2_000_000, T(9.1)));
    }

    [Fact]
    public void Below_the_lowest_layer_it_is_audio_only_and_video_comes_back_after_the_hold()
    {
        var selector = new LayerSelector();
        Assert.Equal(2, selector.Select(_three, long.MaxValue, T(0)));
        Assert.Equal(LayerSelector.AudioOnly, selector.Select(_three, 100_000, T(1)));
        Assert.Equal(LayerSelector.AudioOnly, selector.Select(_three, 200_000, T(2)));
        Assert.Equal(LayerSelector.AudioOnly, selector.Select(_three, 200_000, T(3.9)));
        Assert.Equal(0, selector.Select(_three, 200_000, T(4.1)));
    }

    [Fact]
    public void Layers_that_are_not_eligible_are_never_chosen_and_losing_the_current_one_moves_down_at_once()
    {
        var selector = new LayerSelector();
        LayerCandidate[] capped = [new(true, 150_000), new(true, 500_000), new(false, 1_500_000)];
        Assert.Equal(1, selector.Select(capped, long.MaxValue, T(0)));
        Assert.Equal(1, selector.Select(capped, long.MaxValue, T(10)));
        LayerCandidate[] paused = [new(true, 150_000), new(false, 500_000), new(false, 1_500_000)];
        Assert.Equal(0, selector.Select(paused, long.MaxValue, T(11)));
        LayerCandidate[] none = [new(false, 0), new(false, 0), new(false, 0)];
        Assert.Equal(LayerSelector.None, selector.Select(none, long.MaxValue, T(12)));
    }

    [Fact]
    public void A_layer_not_measured_yet_counts_as_fitting()
    {
        LayerCandidate[] fresh = [new(true, 150_000), new(true, 0)];
        Assert.Equal(1, new LayerSelector().Select(fresh, 300_000, T(0)));
    }
}
