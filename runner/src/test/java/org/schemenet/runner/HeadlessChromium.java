package org.schemenet.runner;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}), headless, driven through the DevTools protocol over
 * a WebSocket on the loopback interface (the JDK's {@link java.net.http.WebSocket}, Gson for the
 * messages): open a page, wait for its load event, evaluate JavaScript in it, read what it reported
 * (uncaught exceptions, console and log errors, failed loads, every request it made) and take a
 * screenshot. Started with a fresh profile and every background service off; no network is used.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Deque<String> stderr = new ArrayDeque<>();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<JsonObject> events = new ArrayList<>();

    /** A page (a DevTools target) and the session attached to it. */
    record Page(String targetId, String sessionId) {
    }

    private HeadlessChromium(Process process, String endpoint) throws IOException {
        this.process = process;
        try {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create(endpoint), new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("cannot connect to Chromium's DevTools at " + endpoint + ": " + e, e);
        }
    }

    /**
     * Starts Chromium with {@code profile} as its (fresh) user data directory. Fails, never skips,
     * when Chromium is missing: the browser tests are part of the suite (.ci/run installs it).
     */
    static HeadlessChromium start(Path profile) throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("no Chromium at " + CHROMIUM + ": the browser tests need Debian's "
                    + "chromium package (apt-get install -y chromium; .ci/run installs it when it is missing)");
        }
        Files.createDirectories(profile);
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=1280,1000", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Deque<String> lines = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.addLast(line);
                        if (lines.size() > 40) {
                            lines.removeFirst();
                        }
                    }
                    int at = line.indexOf("ws://");
                    if (line.startsWith("DevTools listening on ") && at >= 0) {
                        endpoint.complete(line.substring(at).trim());
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            endpoint.completeExceptionally(new IOException("Chromium exited before it listened (exit "
                    + (p.isAlive() ? "?" : p.exitValue()) + ")"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String url;
        try {
            url = endpoint.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            synchronized (lines) {
                throw new IOException("Chromium did not start its DevTools endpoint: " + e.getMessage() + "\n"
                        + String.join("\n", lines), e);
            }
        }
        HeadlessChromium c = new HeadlessChromium(p, url);
        synchronized (lines) {
            c.stderr.addAll(lines);
        }
        return c;
    }

    /** Opens {@code url} in a new page and waits for its load event. */
    Page open(String url) throws IOException {
        return open(url, null);
    }

    /**
     * Opens {@code url} in a new page and waits for its load event; {@code beforeEveryLoad} (or null) runs in
     * the page before its own scripts, on this load and on every reload.
     */
    Page open(String url, String beforeEveryLoad) throws IOException {
        String target = send(null, "Target.createTarget", obj("url", "about:blank")).get("targetId").getAsString();
        JsonObject attach = new JsonObject();
        attach.addProperty("targetId", target);
        attach.addProperty("flatten", true);
        String session = send(null, "Target.attachToTarget", attach).get("sessionId").getAsString();
        Page page = new Page(target, session);
        for (String domain : new String[] {"Runtime", "Log", "Page", "Network"}) {
            send(session, domain + ".enable", new JsonObject());
        }
        if (beforeEveryLoad != null) {
            send(session, "Page.addScriptToEvaluateOnNewDocument", obj("source", beforeEveryLoad));
        }
        send(session, "Page.navigate", obj("url", url));
        await(e -> session.equals(sessionOf(e)) && "Page.loadEventFired".equals(e.get("method").getAsString()),
                "the load event of " + url);
        return page;
    }

    /** Evaluates {@code expression} in the page and returns its value (JSON-serialisable values only). */
    JsonElement evaluate(Page page, String expression) throws IOException {
        JsonObject params = obj("expression", expression);
        params.addProperty("returnByValue", true);
        params.addProperty("awaitPromise", true);
        JsonObject result = send(page.sessionId(), "Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IOException("the expression threw: " + result.get("exceptionDetails"));
        }
        return result.getAsJsonObject("result").get("value");
    }

    /**
     * Evaluates {@code condition} in the page until it is true (also across the page's reloads, while which
     * it cannot be evaluated), at most {@code seconds}; false if it never was.
     */
    boolean await(Page page, String condition, int seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                JsonElement v = evaluate(page, condition);
                if (v != null && v.isJsonPrimitive() && v.getAsBoolean()) {
                    return true;
                }
            } catch (IOException reloading) {
                // the page is between two loads
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return false;
    }

    /**
     * What went wrong in the page: uncaught exceptions, console errors and assertions, log entries of
     * level error (e.g. a resource that failed to load) and failed requests.
     */
    List<String> errors(Page page) {
        List<String> out = new ArrayList<>();
        for (JsonObject e : events(page)) {
            String method = e.get("method").getAsString();
            JsonObject p = e.getAsJsonObject("params");
            switch (method) {
                case "Runtime.exceptionThrown" -> out.add("exception: " + p.get("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    String type = p.get("type").getAsString();
                    if (type.equals("error") || type.equals("assert")) {
                        out.add("console." + type + ": " + p.get("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    JsonObject entry = p.getAsJsonObject("entry");
                    if (entry.get("level").getAsString().equals("error")) {
                        out.add("log: " + entry.get("text").getAsString() + (entry.has("url") ? " (" + entry.get("url")
                                .getAsString() + ")" : ""));
                    }
                }
                case "Network.loadingFailed" -> out.add("failed request: " + p);
                default -> {
                }
            }
        }
        return out;
    }

    /** The URL of every request the page made, its own included. */
    List<String> requests(Page page) {
        List<String> out = new ArrayList<>();
        for (JsonObject e : events(page)) {
            if (e.get("method").getAsString().equals("Network.requestWillBeSent")) {
                out.add(e.getAsJsonObject("params").getAsJsonObject("request").get("url").getAsString());
            }
        }
        return out;
    }

    /** A PNG of the whole page at {@code width} CSS pixels. */
    byte[] screenshot(Page page, int width) throws IOException {
        JsonElement height = evaluate(page, "Math.ceil(document.documentElement.scrollHeight)");
        JsonObject metrics = new JsonObject();
        metrics.addProperty("width", width);
        metrics.addProperty("height", Math.min(16000, height.getAsInt()));
        metrics.addProperty("deviceScaleFactor", 1);
        metrics.addProperty("mobile", false);
        send(page.sessionId(), "Emulation.setDeviceMetricsOverride", metrics);
        JsonObject params = obj("format", "png");
        params.addProperty("captureBeyondViewport", true);
        String data = send(page.sessionId(), "Page.captureScreenshot", params).get("data").getAsString();
        return Base64.getDecoder().decode(data);
    }

    void closePage(Page page) throws IOException {
        send(null, "Target.closeTarget", obj("targetId", page.targetId()));
    }

    @Override
    public void close() {
        try {
            socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true);
            socket.abort();
        } catch (RuntimeException e) {
            // the browser is going anyway
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private List<JsonObject> events(Page page) {
        synchronized (events) {
            return events.stream().filter(e -> page.sessionId().equals(sessionOf(e))).toList();
        }
    }

    private static String sessionOf(JsonObject message) {
        return message.has("sessionId") ? message.get("sessionId").getAsString() : null;
    }

    private static JsonObject obj(String key, String value) {
        JsonObject o = new JsonObject();
        o.addProperty(key, value);
        return o;
    }

    /** Sends a command (to the browser, or to a page's session) and waits for its result. */
    private JsonObject send(String session, String method, JsonObject params) throws IOException {
        int id = ids.incrementAndGet();
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        if (session != null) {
            message.addProperty("sessionId", session);
        }
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(message.toString(), true);
        JsonObject answer;
        try {
            answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException(method + ": no answer from Chromium (" + e + ")\n" + stderrTail(), e);
        } finally {
            pending.remove(id);
        }
        if (answer.has("error")) {
            throw new IOException(method + " failed: " + answer.get("error"));
        }
        return answer.getAsJsonObject("result");
    }

    private void await(Predicate<JsonObject> event, String what) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (events) {
            while (events.stream().noneMatch(event)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("Chromium did not report " + what + " within " + TIMEOUT.toSeconds() + " s\n"
                            + stderrTail());
                }
                try {
                    events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for " + what, e);
                }
            }
        }
    }

    private String stderrTail() {
        return "chromium stderr (start):\n" + String.join("\n", stderr);
    }

    /** Collects a message's fragments, then hands it to the command it answers or to the events. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonObject message = new JsonParser().parse(text.toString()).getAsJsonObject();
                text.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonObject> reply = pending.get(message.get("id").getAsInt());
                    if (reply != null) {
                        reply.complete(message);
                    }
                } else if (message.has("method")) {
                    synchronized (events) {
                        events.add(message);
                        events.notifyAll();
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
