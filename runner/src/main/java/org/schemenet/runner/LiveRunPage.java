package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
 * up to date: written when the run starts and after every epoch from the files the trainer wrote
 * (it runs after metrics.csv and summary.json are rewritten), marked live so that it reloads itself
 * while the run trains, and written once more, not live, when the run ends however it ends. A page
 * that cannot be written is one warning, never a failed run.
 */
public final class LiveRunPage implements RunObserver {
    private final Console console;
    private Path directory;
    private boolean warned;

    @Inject
    LiveRunPage(Console console) {
        this.console = console;
    }

    @Override
    public void started(TrainingPlan plan, TrainerState resumed) {
        directory = plan.runDirectory();
        write(true);
    }

    @Override
    public void epochDone(EpochMetrics metrics, TrainerState state) {
        write(true);
    }

    @Override
    public void finished(RunResult result) {
        write(false);
    }

    private void write(boolean live) {
        if (directory == null) {
            return;
        }
        try {
            Path sweepPage = directory.toAbsolutePath().normalize().getParent().resolve(ReportPage.FILE);
            Optional<String> link = Files.isRegularFile(sweepPage) ? Optional.of("../" + ReportPage.FILE)
                    : Optional.empty();
            AtomicWrite.text(directory.resolve(ReportPage.FILE),
                    ReportPage.run(RunDirectory.read(directory), Optional.empty(), live, link));
        } catch (RuntimeException e) {
            if (!warned) {
                console.err().println("warning: cannot write " + directory.resolve(ReportPage.FILE) + ": "
                        + e.getMessage());
                warned = true;
            }
        }
    }
}
