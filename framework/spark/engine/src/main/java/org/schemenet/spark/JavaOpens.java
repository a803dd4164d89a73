package org.schemenet.spark;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The {@code --add-opens} flags Spark 3.1 and DL4J Spark need on Java 17: Spark's off-heap
 * buffers reach into {@code java.nio} and {@code sun.nio.ch}; Kryo (DL4J's serializer for
 * ND4J arrays) into {@code java.util}, {@code java.lang.invoke} and
 * {@code java.util.concurrent.atomic}. Without them a run fails deep inside Spark with an
 * {@code InaccessibleObjectException}; this check fails first, naming the flags.
 */
public final class JavaOpens {

    /** The packages of {@code java.base} that must be open to the class path. */
    public static final List<String> PACKAGES = List.of("java.nio", "sun.nio.ch", "java.util", "java.lang.invoke",
            "java.util.concurrent.atomic");

    private JavaOpens() {
    }

    /** The JVM flag opening {@code pkg}. */
    public static String flag(String pkg) {
        return "--add-opens=java.base/" + pkg + "=ALL-UNNAMED";
    }

    /** All the flags, space separated (for the launcher, spark-submit's extraJavaOptions, surefire). */
    public static String flags() {
        return PACKAGES.stream().map(JavaOpens::flag).collect(Collectors.joining(" "));
    }

    /** Throws when a package of {@link #PACKAGES} is not open to the class path of this JVM. */
    public static void require() {
        Module unnamed = JavaOpens.class.getModule();
        require(pkg -> Object.class.getModule().isOpen(pkg, unnamed));
    }

    /**
     * Throws when {@code open} says a package of {@link #PACKAGES} is closed.
     *
     * @throws IllegalStateException naming the missing flags and where to put them
     */
    static void require(Predicate<String> open) {
        List<String> missing = PACKAGES.stream().filter(open.negate()).map(JavaOpens::flag).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Spark on Java " + Runtime.version().feature() + " needs the JVM flags "
                    + String.join(" ", missing) + " (missing). Pass them to java (JAVA_TOOL_OPTIONS or the launcher), "
                    + "and with spark-submit also as --conf spark.driver.extraJavaOptions=\"...\" and "
                    + "--conf spark.executor.extraJavaOptions=\"...\"; all flags: " + flags());
        }
    }
}
