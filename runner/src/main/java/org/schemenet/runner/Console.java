package org.schemenet.runner;

import java.io.PrintWriter;

/** Where commands write: standard output for results, standard error for warnings and errors. */
public record Console(PrintWriter out, PrintWriter err) {
}
