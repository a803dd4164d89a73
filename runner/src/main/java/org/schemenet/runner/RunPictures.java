package org.schemenet.runner;

import jakarta.inject.Inject;
import java.nio.file.Path;
import org.schemenet.report.ResultsReport;
import org.schemenet.report.RunDirectory;
import org.schemenet.train.RunObserver;
import org.schemenet.train.RunResult;
import org.schemenet.train.TrainerState;
import org.schemenet.train.TrainingPlan;

/**
 * Draws a run's {@code learning-curves.png} and {@code coefficients.png} into its directory when it
 * ends, however it ends, from the files the trainer wrote (metrics.csv, summary.json). A picture
 * that cannot be drawn is a warning, never a failed run.
 */
public final class RunPictures implements RunObserver {
    private final Console console;
    private Path directory;

    @Inject
    RunPictures(Console console) {
        this.console = console;
    }

    @Override
    public void started(TrainingPlan plan, TrainerState resumed) {
        directory = plan.runDirectory();
    }

    @Override
    public void finished(RunResult result) {
        if (directory == null || result.epochsDone() == 0) {
            return;
        }
        try {
            ResultsReport.runPictures(RunDirectory.read(directory), directory)
                    .forEach(p -> console.out().println("picture: " + p));
        } catch (RuntimeException e) {
            console.err().println("warning: no pictures for " + directory + ": " + e.getMessage());
        }
    }
}
