package io.replicalab.experiments.report;

import io.replicalab.experiments.checker.FaultWindow;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Time-series plots (x in seconds) with fault windows shaded, rendered to base64 PNG for self-contained HTML. */
final class Charts {
    private static final Color FAULT = new Color(230, 80, 60, 45);
    private static final int WIDTH = 900;
    private static final int HEIGHT = 280;

    static {
        // Reports render on servers and in CI: no display.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** One value per second; NaN means "no data that second" and is left out. */
    static Map<String, double[]> series() {
        return new LinkedHashMap<>();
    }

    static String perSecondPng(String title, String yTitle, Map<String, double[]> series, List<FaultWindow> faults) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("time (s)")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        double top = 0;
        double end = 1;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            double[] v = e.getValue();
            for (int s = 0; s < v.length; s++) {
                if (!Double.isNaN(v[s])) {
                    xs.add(s + 0.5);
                    ys.add(v[s]);
                    top = Math.max(top, v[s]);
                }
            }
            end = Math.max(end, v.length);
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries line = chart.addSeries(e.getKey(), xs, ys);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
        }
        shade(chart, faults, top == 0 ? 1 : top * 1.05, end);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(end);
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + title, e);
        }
    }

    /** Each fault window as a translucent band over the whole plot height. */
    private static void shade(XYChart chart, List<FaultWindow> faults, double top, double end) {
        for (FaultWindow w : faults) {
            double from = w.start() / 1e9;
            double to = w.end() == Long.MAX_VALUE ? end : w.end() / 1e9;
            XYSeries band = chart.addSeries("fault #" + w.id() + " " + w.fault(),
                    new double[] {from, from, to, to}, new double[] {0, top, top, 0});
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(FAULT);
            band.setLineColor(FAULT);
        }
    }

    /** A per-second series from checker numbers: a long[] in memory, a list of numbers once read back from JSON. */
    static java.util.Optional<double[]> perSecond(io.replicalab.experiments.checker.RunResults results, String checker,
                                                  String number) {
        return results.result(checker).map(r -> r.numbers().get(number)).map(v -> {
            if (v instanceof long[] xs) {
                return toDouble(xs);
            }
            if (v instanceof List<?> xs) {
                return xs.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
            }
            return null;
        });
    }

    static double[] toDouble(long[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[i];
        }
        return out;
    }
}
