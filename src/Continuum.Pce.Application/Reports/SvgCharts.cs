using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Continuum.Pce.Application.Reports;

/// <summary>A named series of (x, y) points for a line chart.</summary>
public sealed record ChartSeries(string Title, IReadOnlyList<(double X, double Y)> Points);

/// <summary>One bar group: a category and a value per stack (for stacked bars) or a single value.</summary>
public sealed record BarGroup(string Category, IReadOnlyList<double> Values);

/// <summary>
/// Report charts as standalone SVG documents a planner opens in a browser. OxyPlot draws them in managed code, so
/// reports render the same on a headless server as on a laptop.
/// </summary>
public static class SvgCharts
{
    private const int Width = 800;
    private const int Height = 480;

    private static readonly OxyColor[] Palette =
    [
        OxyColor.Parse("#1f77b4"), OxyColor.Parse("#ff7f0e"), OxyColor.Parse("#2ca02c"), OxyColor.Parse("#d62728"),
        OxyColor.Parse("#9467bd"), OxyColor.Parse("#8c564b"), OxyColor.Parse("#e377c2"), OxyColor.Parse("#7f7f7f"),
    ];

    /// <summary>A line chart, e.g. blocking probability against offered load for several policies.</summary>
    public static string Lines(string title, string xTitle, string yTitle, IEnumerable<ChartSeries> series, bool logY = false)
    {
        var model = NewModel(title);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(logY
            ? new LogarithmicAxis { Position = AxisPosition.Left, Title = yTitle, MajorGridlineStyle = LineStyle.Dot }
            : new LinearAxis { Position = AxisPosition.Left, Title = yTitle, MajorGridlineStyle = LineStyle.Dot, Minimum = 0 });
        var i = 0;
        foreach (var s in series)
        {
            var line = new LineSeries { Title = s.Title, MarkerType = MarkerType.Circle, Color = Palette[i % Palette.Length], MarkerFill = Palette[i % Palette.Length] };
            foreach (var (x, y) in s.Points)
            {
                if (!logY || y > 0)
                {
                    line.Points.Add(new DataPoint(x, y));
                }
            }

            model.Series.Add(line);
            i++;
        }

        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopLeft, LegendPlacement = LegendPlacement.Inside });
        return Export(model);
    }

    /// <summary>A horizontal bar chart; with several stack titles the bars are stacked per category.</summary>
    public static string Bars(string title, string valueTitle, IReadOnlyList<string> stackTitles, IReadOnlyList<BarGroup> groups)
    {
        var model = NewModel(title);
        model.PlotMargins = new OxyThickness(Math.Min(360, 12 + (7 * groups.Select(g => g.Category.Length).DefaultIfEmpty(10).Max())), double.NaN, double.NaN, double.NaN);
        var categories = new CategoryAxis { Position = AxisPosition.Left, IsZoomEnabled = false, GapWidth = 0.3 };
        foreach (var g in groups)
        {
            categories.Labels.Add(g.Category);
        }

        model.Axes.Add(categories);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = valueTitle, Minimum = 0, MajorGridlineStyle = LineStyle.Dot });
        for (var s = 0; s < stackTitles.Count; s++)
        {
            var bars = new BarSeries { Title = stackTitles[s], IsStacked = stackTitles.Count > 1, FillColor = Palette[s % Palette.Length] };
            foreach (var g in groups)
            {
                bars.Items.Add(new BarItem(s < g.Values.Count ? g.Values[s] : 0));
            }

            model.Series.Add(bars);
        }

        if (stackTitles.Count > 1)
        {
            model.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomRight, LegendPlacement = LegendPlacement.Inside, LegendBackground = OxyColor.FromAColor(220, OxyColors.White) });
        }

        var height = Math.Max(Height, 80 + groups.Count * 22);
        return Export(model, height);
    }

    private static PlotModel NewModel(string title) => new()
    {
        Title = title,
        Background = OxyColors.White,
        DefaultFont = "sans-serif",
        TitleFontSize = 16,
        Padding = new OxyThickness(8, 16, 24, 8),
    };

    private static string Export(PlotModel model, int height = Height) => SvgExporter.ExportToString(model, Width, height, isDocument: true);
}
