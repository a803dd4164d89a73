package org.schemenet.spark;

import java.util.regex.Pattern;

/**
 * A Spark master URL, checked before a context is started (Spark's own message for a bad master
 * comes late and deep in a stack trace).
 *
 * @param url {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]},
 *            {@code spark://HOST:PORT[,HOST:PORT...]}, {@code yarn}, {@code k8s://HOST:PORT} or
 *            {@code mesos://HOST:PORT}
 */
public record SparkMaster(String url) {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9]\\d*)(,\\s*\\d+)?\\])?");
    private static final Pattern CLUSTER = Pattern.compile(
            "spark://[^\\s:/,]+:\\d+(,[^\\s:/,]+:\\d+)*|yarn|(k8s|mesos)://\\S+");

    /** The forms accepted, for messages. */
    public static final String FORMS = "local, local[N], local[*], spark://HOST:PORT, yarn, k8s://HOST:PORT, "
            + "mesos://HOST:PORT";

    public SparkMaster {
        if (url == null || !(LOCAL.matcher(url).matches() || CLUSTER.matcher(url).matches())) {
            throw new IllegalArgumentException("unknown Spark master '" + url + "'; allowed: " + FORMS);
        }
    }

    /** True for the in-process masters ({@code local...}): driver and executors share this JVM. */
    public boolean local() {
        return url.startsWith("local");
    }
}
