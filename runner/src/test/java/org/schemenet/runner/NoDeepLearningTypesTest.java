package org.schemenet.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The runner names no DL4J or ND4J type: no source file under runner/src/main/java imports one or writes one out
 * fully qualified ({@code org.nd4j.…}, {@code org.deeplearning4j.…}). What touches those libraries lives in the
 * framework modules (the bench harness and the CIFAR-10 source next to the trainer, the back-end probe next to the
 * network compiler), and the runner only calls it. The sources are parsed with the JDK's own compiler (parse only,
 * no class path), so comments and strings that mention the packages do not count; they are found from this test
 * class's location ({@code runner/target/test-classes}), not from the working directory.
 */
class NoDeepLearningTypesTest {

    /** The packages the runner must not name. */
    private static final List<String> BANNED = List.of("org.nd4j", "org.deeplearning4j");

    /** One place a source names a banned type, e.g. {@code org/schemenet/runner/A.java:2: import org.nd4j.x.Y}. */
    private record Reference(String file, long line, String kind, String name) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + kind + " " + name;
        }
    }

    @Test
    void noRunnerSourceImportsOrQualifiesADl4jOrNd4jType() throws IOException {
        Path sources = runnerSources();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        // guards against scanning the wrong folder (and passing on nothing)
        assertTrue(files.contains(sources.resolve("org/schemenet/runner/Main.java")), sources + " has no Main.java");
        assertTrue(files.size() >= 40, "only " + files.size() + " sources under " + sources);

        List<Reference> found = references(files.stream().map(f -> fileObject(sources, f)).toList());
        assertTrue(found.isEmpty(), () -> "the runner must call the framework modules instead of naming DL4J/ND4J "
                + "types; move the code that needs them next to the trainer (framework/*):\n" + String.join("\n",
                found.stream().map(Reference::toString).toList()));
    }

    /** The scanner finds imports (static and on demand too) and qualified names anywhere, and nothing else. */
    @Test
    void theScannerFindsEveryFormOfNamingAndIgnoresCommentsAndStrings() {
        String source = """
                package p;
                import org.nd4j.linalg.factory.Nd4j;
                import static org.nd4j.linalg.factory.Nd4j.zeros;
                import org.deeplearning4j.nn.graph.*;
                import org.schemenet.network.CompiledNetwork;
                /** Mentions org.nd4j.linalg.api.ndarray.INDArray in a comment: not a reference. */
                class A {
                    // org.deeplearning4j.nn.graph.ComputationGraph in a line comment
                    String text = "org.nd4j.linalg.factory.Nd4j";
                    org.deeplearning4j.nn.graph.ComputationGraph graph;
                    int threads() {
                        return org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads();
                    }
                    java.util.List<org.nd4j.linalg.api.buffer.DataType> types;
                    org.schemenet.network.NetworkSpec spec;
                }
                """;
        List<Reference> found = references(List.of(new StringSource("A.java", source)));
        assertEquals(List.of(
                "A.java:2: import org.nd4j.linalg.factory.Nd4j",
                "A.java:3: import org.nd4j.linalg.factory.Nd4j.zeros",
                "A.java:4: import org.deeplearning4j.nn.graph.*",
                "A.java:10: qualified name org.deeplearning4j.nn.graph.ComputationGraph",
                "A.java:12: qualified name org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads",
                "A.java:14: qualified name org.nd4j.linalg.api.buffer.DataType"),
                found.stream().map(Reference::toString).toList());
    }

    /** runner/src/main/java, from where this class was loaded (runner/target/test-classes). */
    private static Path runnerSources() {
        URI location;
        try {
            location = NoDeepLearningTypesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path testClasses = Path.of(location);
        Path module = testClasses.getParent().getParent();
        Path sources = module.resolve("src").resolve("main").resolve("java");
        assertTrue(Files.isDirectory(sources), "no runner sources at " + sources + " (test classes at " + testClasses
                + ")");
        return sources;
    }

    /** {@code file} under the name of its path relative to {@code root}, e.g. org/schemenet/runner/Main.java. */
    private static JavaFileObject fileObject(Path root, Path file) {
        try {
            return new StringSource(root.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every import and qualified name of a banned package in {@code sources}, in source order. */
    private static List<Reference> references(List<JavaFileObject> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "the tests need a JDK (javax.tools.ToolProvider has no compiler)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        JavacTask task = (JavacTask) compiler.getTask(null, files, diagnostics, List.of("-proc:none"), null, sources);
        Iterable<? extends CompilationUnitTree> units;
        try {
            units = task.parse();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(List.of(), diagnostics.getDiagnostics().stream().map(Object::toString).toList(), "parse errors");
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        List<Reference> found = new ArrayList<>();
        for (CompilationUnitTree unit : units) {
            String file = unit.getSourceFile().getName();
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitImport(ImportTree node, Void unused) {
                    String name = node.getQualifiedIdentifier().toString();
                    if (banned(name)) {
                        found.add(new Reference(file, line(node), "import", name));
                    }
                    return null;
                }

                @Override
                public Void visitMemberSelect(MemberSelectTree node, Void unused) {
                    String name = node.toString();
                    if (banned(name)) {
                        found.add(new Reference(file, line(node), "qualified name", name));
                        return null; // the outermost selection only, not each of its prefixes
                    }
                    return super.visitMemberSelect(node, unused);
                }

                private long line(Tree node) {
                    return unit.getLineMap().getLineNumber(positions.getStartPosition(unit, node));
                }
            }.scan(unit, null);
        }
        return found;
    }

    private static boolean banned(String qualifiedName) {
        return BANNED.stream().anyMatch(p -> qualifiedName.equals(p) || qualifiedName.startsWith(p + "."));
    }

    /** A source file held in memory under its bare file name. */
    private static final class StringSource extends SimpleJavaFileObject {
        private final String name;
        private final String text;

        StringSource(String name, String text) {
            super(URI.create("string:///" + name), Kind.SOURCE);
            this.name = name;
            this.text = text;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
