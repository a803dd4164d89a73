package org.schemenet.report;

import org.schemenet.run.AtomicWrite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Renders {@link Charts} headless: as a PNG file (several panels side by side), or as SVG text to
 * inline in an HTML page (XChart's vector encoder; coordinates rounded to 0.1 px, element ids made
 * unique with a prefix so that several charts can share one page).
 */
public final class ChartImages {
    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");
    private static final Pattern LONG_DECIMAL = Pattern.compile("(\\d+\\.\\d)\\d+");

    private ChartImages() {
    }

    /** The panels side by side, top-aligned on white, written to {@code png} (see {@link AtomicWrite}). */
    public static void writePng(Path png, Chart<?, ?>... panels) {
        AtomicWrite.bytes(png, png(panels));
    }

    /** The panels side by side as PNG bytes. */
    static byte[] png(Chart<?, ?>... panels) {
        headless();
        if (panels.length == 0) {
            throw new IllegalArgumentException("no chart to render");
        }
        int width = 0;
        int height = 0;
        for (Chart<?, ?> c : panels) {
            Charts.fitTitle(c);
            width += c.getWidth();
            height = Math.max(height, c.getHeight());
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int x = 0;
            for (Chart<?, ?> c : panels) {
                g.drawImage(BitmapEncoder.getBufferedImage(c), x, 0, null);
                x += c.getWidth();
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The chart as an {@code <svg>} element (no XML declaration or DOCTYPE), its ids prefixed with
     * {@code idPrefix} (letters, digits, '-'), with {@code role="img"} and an {@code aria-label} naming
     * its title, and scaling to the width of its container.
     */
    public static String svg(Chart<?, ?> chart, String idPrefix) {
        if (!idPrefix.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("an SVG id prefix is a letter, then letters, digits or '-': " + idPrefix);
        }
        headless();
        Charts.fitTitle(chart);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an SVG: " + e.getMessage(), e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        text = text.substring(text.indexOf("<svg"));
        Matcher ids = ID.matcher(text);
        StringBuilder renamed = new StringBuilder();
        while (ids.find()) {
            String id = ids.group(1);
            ids.appendReplacement(renamed, Matcher.quoteReplacement("id=\"" + idPrefix + "-" + id + "\""));
        }
        ids.appendTail(renamed);
        text = renamed.toString().replaceAll("url\\(#([^)]+)\\)", "url(#" + idPrefix + "-$1)");
        text = LONG_DECIMAL.matcher(text).replaceAll("$1");
        String label = Html.escape(chart.getTitle());
        text = text.replaceFirst("<svg ", "<svg role=\"img\" aria-label=\"" + Matcher.quoteReplacement(label)
                + "\" class=\"chart\" ");
        text = text.replaceFirst(" height=\"[^\"]*px\"", "").replaceFirst(" width=\"[^\"]*px\"", "");
        text = text.replaceFirst("<svg ", "<svg style=\"max-width:" + chart.getWidth() + "px\" ");
        return text;
    }

    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");   // no display needed, none used
        }
    }
}
