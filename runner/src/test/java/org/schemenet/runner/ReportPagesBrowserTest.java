package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's web pages in a real browser: {@code runner report} over run directories written here
 * (those of {@link ReportCommandTest}, with the real scheme plugins), then the sweep page and a run
 * page loaded from {@code file://} in headless Chromium ({@link HeadlessChromium}). Checked in the
 * page: no script error, console error or failed load; no request for anything but local files;
 * every chart rendered with a non-zero size and content; the table with one row per cell holding the
 * values of the records (mean ± sample std over seeds, each seed's value, the paper's column); links
 * from the table to the run pages that open.
 */
class ReportPagesBrowserTest {

    /** Collects what the checks need from a page, as JSON. */
    static final String FINDINGS = """
            JSON.stringify({
              svgs: [...document.querySelectorAll('svg')].filter(s => !s.parentElement.closest('svg')).map(s => {
                const r = s.getBoundingClientRect(); const b = s.getBBox();
                return {w: r.width, h: r.height, bw: b.width, bh: b.height, paths: s.querySelectorAll('path').length,
                        label: s.getAttribute('aria-label')};
              }),
              images: [...document.images].map(i => ({src: i.src, w: i.naturalWidth, h: i.naturalHeight})),
              rows: [...document.querySelectorAll('#results tbody tr')].map(tr => ({
                cell: tr.dataset.cell, depth: tr.dataset.depth,
                cells: [...tr.children].map(td => td.textContent.trim()),
                seeds: [...tr.querySelectorAll('span.seed')].map(s => s.textContent.trim()),
                links: [...tr.querySelectorAll('a[href]')].map(a => a.href)
              })),
              paperHeading: (document.querySelector('#results thead th:last-child') || {textContent: ''}).textContent.trim(),
              metaRefresh: document.querySelector('meta[http-equiv="refresh"]') !== null,
              live: !!document.getElementById('live') && !document.getElementById('live').hidden,
              status: (document.querySelector('#status') || {textContent: null}).textContent,
              epochRows: document.querySelectorAll('#epochs tbody tr').length,
              ids: [...document.querySelectorAll('[id]')].map(e => e.id),
              scripts: document.scripts.length,
              width: document.documentElement.scrollWidth
            })""";

    @TempDir
    static Path dir;
    static Path sweep;
    static HeadlessChromium chromium;

    @BeforeAll
    static void writeTheReportAndStartChromium() throws IOException {
        sweep = ReportCommandTest.sweep(dir);
        // a run still training: its summary says so and a live process (this one) holds its lock
        ReportCommandTest.run(sweep.resolve("euler-live"), "euler", "", 20, 4, 3, "", "1,0.1,2.1,0.25,45.0,10,1,1");
        Files.writeString(sweep.resolve("euler-live/summary.json"), "{\"data\":{\"name\":\"cifar-10-sample\"},"
                + "\"results\":{\"status\":\"running\",\"epochsDone\":1}}");
        RunnerHarness.Result r;
        try (org.schemenet.run.RunLock lock = org.schemenet.run.RunDirectory.at(sweep.resolve("euler-live")).lock()) {
            r = RunnerHarness.run("report", sweep.toString());
        }
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("page: " + sweep.resolve("index.html")), r.out());
        chromium = HeadlessChromium.start(dir.resolve("chromium-profile"));
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** Opens a page, checks what every page must satisfy, and returns its findings. */
    static JsonObject load(HeadlessChromium chromium, Path page) throws IOException {
        HeadlessChromium.Page p = chromium.open(page.toUri().toString());
        try {
            JsonObject f = new JsonParser().parse(chromium.evaluate(p, FINDINGS).getAsString())
                    .getAsJsonObject();
            assertEquals(List.of(), chromium.errors(p), page + ": errors in the page");
            for (String url : chromium.requests(p)) {
                assertTrue(url.startsWith("file:") || url.startsWith("data:"), page + " requested " + url);
            }
            assertEquals(f.get("live").getAsBoolean() ? 1 : 0, f.get("scripts").getAsInt(),
                    "no scripts but the live page's reload");
            assertFalse(f.get("metaRefresh").getAsBoolean(), "no meta refresh: it would reload for ever");
            JsonArray svgs = f.getAsJsonArray("svgs");
            assertTrue(svgs.size() > 0, page + ": no chart");
            for (JsonElement e : svgs) {
                JsonObject s = e.getAsJsonObject();
                assertTrue(s.get("w").getAsDouble() > 100 && s.get("h").getAsDouble() > 100, page + ": " + s);
                assertTrue(s.get("bw").getAsDouble() > 0 && s.get("bh").getAsDouble() > 0, page + ": empty " + s);
                assertTrue(s.get("paths").getAsInt() > 10, page + ": nothing drawn in " + s);
            }
            for (JsonElement e : f.getAsJsonArray("images")) {
                assertTrue(e.getAsJsonObject().get("w").getAsInt() > 0, page + ": image not rendered " + e);
            }
            List<String> ids = strings(f.getAsJsonArray("ids"));
            assertEquals(ids.size(), ids.stream().distinct().count(), page + ": duplicate ids " + ids);
            assertTrue(f.get("width").getAsInt() <= 1280, page + ": wider than the window");
            return f;
        } finally {
            chromium.closePage(p);
        }
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    @Test
    void theSweepPageHoldsOneRowPerCellWithTheValuesOfTheRecords() throws IOException {
        JsonObject f = load(chromium, sweep.resolve("index.html"));
        JsonArray rows = f.getAsJsonArray("rows");
        assertEquals(3, rows.size(), rows.toString());   // adams d14, euler d20, lm d8; euler-s3 and euler-live unfinished
        JsonObject adams = rows.get(0).getAsJsonObject();
        JsonObject euler = rows.get(1).getAsJsonObject();
        JsonObject lm = rows.get(2).getAsJsonObject();
        assertEquals("adams coefficients=learnable k=2", adams.get("cell").getAsString());
        assertEquals("euler", euler.get("cell").getAsString());
        assertEquals("lm coefficients=learnable k-high=0.0 k-low=-0.1", lm.get("cell").getAsString());
        // the final test errors of metrics.csv: euler seeds 10 % and 12 %: mean 11, sample std sqrt(2) = 1.41
        assertEquals(List.of("euler", "20", "2", "cifar-10-sample", "11.00 ± 1.41", "2", "s1 10.00, s2 12.00", "8.75"),
                strings(euler.getAsJsonArray("cells")));
        assertEquals(List.of("s1 10.00", "s2 12.00"), strings(euler.getAsJsonArray("seeds")));
        assertEquals(List.of("adams coefficients=learnable k=2", "14", "2", "cifar-10-sample", "55.00", "1",
                "s1 55.00", "—"), strings(adams.getAsJsonArray("cells")));
        assertEquals("70.00", strings(lm.getAsJsonArray("cells")).get(4));
        assertEquals("paper % (160 epochs)", f.get("paperHeading").getAsString());
        assertFalse(f.get("live").getAsBoolean(), "the sweep page does not reload itself");

        // learning curves of 4 cells (two panels each), test error of 3 depths, beta0 and k per unit,
        // stability regions of stages 1-3 (adams) and 1-2 (lm)
        List<String> labels = new ArrayList<>();
        f.getAsJsonArray("svgs").forEach(e -> labels.add(e.getAsJsonObject().get("label").getAsString()));
        assertEquals(8, labels.stream().filter(l -> l.contains(", depth ") && l.contains("seed")).count(), labels.toString());
        assertTrue(labels.contains("test error, depth 20") && labels.contains("test error, depth 14"), labels.toString());
        assertTrue(labels.contains("adams coefficients=learnable k=2: beta0 per unit"), labels.toString());
        assertTrue(labels.contains("adams coefficients=learnable k=2, depth 14, stage 3"), labels.toString());
        assertTrue(labels.contains("lm coefficients=learnable k-high=0.0 k-low=-0.1, depth 8, stage 2"), labels.toString());

        // each seed links to its run's page, and that page opens
        String link = strings(euler.getAsJsonArray("links")).get(0);
        assertTrue(link.endsWith("/euler-s1/index.html"), link);
        JsonObject run = load(chromium, Path.of(java.net.URI.create(link)));
        assertEquals("completed", run.get("status").getAsString());
        assertEquals(2, run.get("epochRows").getAsInt());
        assertFalse(run.get("live").getAsBoolean(), "a finished run's page does not reload itself");
        assertEquals(List.of("euler", "20", "2", "cifar-10-sample", "10.00", "1", "s1 10.00", "8.75"),
                strings(run.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonArray("cells")));
    }

    /**
     * A screenshot of the whole sweep page is a PNG 1280 pixels wide; with
     * {@code -Dschemenet.test.screenshot=FILE} it is kept there (docs/report-page.png was made so).
     */
    @Test
    void theSweepPageCanBePhotographed() throws IOException {
        HeadlessChromium.Page p = chromium.open(sweep.resolve("index.html").toUri().toString());
        byte[] png;
        try {
            png = chromium.screenshot(p, 1280);
        } finally {
            chromium.closePage(p);
        }
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(1280, image.getWidth());
        assertTrue(image.getHeight() > 2000, "the whole page: " + image.getHeight());
        String keep = System.getProperty("schemenet.test.screenshot");
        if (keep != null && !keep.isBlank()) {
            Files.write(Path.of(keep), png);
        }
    }

    @Test
    void aRunWithLearnedCoefficientsShowsThemPerUnitAndItsStabilityRegions() throws IOException {
        JsonObject f = load(chromium, sweep.resolve("adams/index.html"));
        List<String> labels = new ArrayList<>();
        f.getAsJsonArray("svgs").forEach(e -> labels.add(e.getAsJsonObject().get("label").getAsString()));
        assertEquals(List.of("adams coefficients=learnable k=2, depth 14, seed 1",
                "adams coefficients=learnable k=2, depth 14, seed 1",
                "learned coefficients: adams coefficients=learnable k=2, seed 1",
                "adams coefficients=learnable k=2, seed 1: beta0 per unit",
                "adams coefficients=learnable k=2, seed 1, stage 1", "adams coefficients=learnable k=2, seed 1, stage 2",
                "adams coefficients=learnable k=2, seed 1, stage 3"), labels);
    }

    @Test
    void aRunThatIsTrainingReloadsItself() throws IOException {
        JsonObject f = load(chromium, sweep.resolve("euler-live/index.html"));
        assertTrue(f.get("live").getAsBoolean(), "it reloads itself");
        assertEquals("running", f.get("status").getAsString());
        assertEquals(0, f.getAsJsonArray("rows").size(), "no finished cell yet");
        assertEquals(1, f.get("epochRows").getAsInt());
        assertFalse(Files.readString(sweep.resolve("index.html")).contains("<script"));
    }
}
