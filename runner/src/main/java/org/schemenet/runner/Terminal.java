package org.schemenet.runner;

/** Whether the runner's output is an interactive terminal (progress bars redraw in place) or a log. */
public record Terminal(boolean interactive) {

    /** The process's own: interactive when the JVM has a console. */
    public static Terminal current() {
        return new Terminal(System.console() != null);
    }
}
