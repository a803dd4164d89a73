package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.schemenet.run.AtomicWrite;
import org.schemenet.report.ReportPage;
import org.schemenet.report.RunDirectory;
import org.schemenet.train.EpochMetrics;
import org.schemenet.train.RunObserver;
import org.schemenet.train.RunResult;
import org.schemenet.train.TrainerState;
import org.schemenet.train.TrainingPlan;

/**
 * Keeps a training run's web page ({@code index.html} in its run directory, see {@link ReportPage})
 * up to date: written when the run starts, after every epoch from the files the trainer wrote
 * (it runs after metrics.csv and summary.json are rewritten) and, on a timer of its own, at least every
 * {@value ReportPage#REWRITE_SECONDS} s in between, marked live so that it reloads itself while the run
 * trains; written once more, not live, when the run ends however it ends. A page that is no longer
 * rewritten (the process was killed with SIGKILL, or the session closed this page after a failure) stops
 * reloading once it is overdue and says so. A page that cannot be written is one warning, never a failed run.
 */
public final class LiveRunPage implements RunObserver, AutoCloseable {
    private final Console console;
    private final long rewriteMillis;
    private ScheduledExecutorService timer;
    private Path directory;
    private boolean warned;
    private boolean ended;

    @Inject
    LiveRunPage(Console console) {
        this(console, ReportPage.REWRITE_SECONDS * 1000L);
    }

    /** A page rewritten every {@code rewriteMillis} while the run trains (the page says {@link ReportPage#REWRITE_SECONDS}). */
    LiveRunPage(Console console, long rewriteMillis) {
        this.console = console;
        this.rewriteMillis = rewriteMillis;
    }

    @Override
    public void started(TrainingPlan plan, TrainerState resumed) {
        stopTimer();
        synchronized (this) {
            directory = plan.runDirectory();
            ended = false;
            write(true);
        }
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "live-run-page");
            thread.setDaemon(true);
            return thread;
        });
        t.scheduleWithFixedDelay(() -> write(true), rewriteMillis, rewriteMillis, TimeUnit.MILLISECONDS);
        synchronized (this) {
            timer = t;
        }
    }

    @Override
    public void epochDone(EpochMetrics metrics, TrainerState state) {
        write(true);
    }

    @Override
    public void finished(RunResult result) {
        stopTimer();
        synchronized (this) {
            write(false);
            ended = true;
        }
    }

    /** Stops the timer without a last page (a session that ends without {@link #finished}). */
    @Override
    public void close() {
        stopTimer();
        synchronized (this) {
            ended = true;
        }
    }

    private void stopTimer() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
            timer = null;
        }
        if (t != null) {
            t.shutdown();   // no interrupt: a page being written is finished (an interrupt would close its file)
            try {
                t.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void write(boolean live) {
        if (directory == null || ended) {
            return;
        }
        try {
            Path sweepPage = directory.toAbsolutePath().normalize().getParent().resolve(ReportPage.FILE);
            Optional<String> link = Files.isRegularFile(sweepPage) ? Optional.of("../" + ReportPage.FILE)
                    : Optional.empty();
            AtomicWrite.text(directory.resolve(ReportPage.FILE),
                    ReportPage.run(RunDirectory.read(directory), Optional.empty(), live, link, Instant.now()));
        } catch (RuntimeException e) {
            if (!warned) {
                // a fault of the file (AtomicWrite's message) names the page already: "cannot write PAGE: cause"
                console.err().println("warning: " + (e instanceof org.schemenet.run.InputException
                        && e.getMessage().startsWith("cannot ") ? e.getMessage()
                        : "cannot write " + directory.resolve(ReportPage.FILE) + ": " + e.getMessage()));
                warned = true;
            }
        }
    }
}
