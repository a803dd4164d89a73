package org.schemenet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.nd4j.linalg.dataset.DataSet;

/**
 * Measures the pipeline (not run by {@code mvn verify}; see docs/data.md for the command):
 * <ol>
 * <li>load time of the full binary folder ({@link Cifar10Reader#readFolder}, includes the
 * SHA-256 of every file), median of repeats;</li>
 * <li>images/s of the augmentation alone on one thread (no ND4J);</li>
 * <li>images/s delivered by {@link Cifar10Iterator} (training: shuffle + pad-crop-flip + normalise,
 * batch 128, background thread) to a consumer that does nothing else, median over epochs;</li>
 * <li>the same for the test iterator (normalise only);</li>
 * <li>the bundled sample's size in bytes, and whether it equals the balanced subset of the folder.</li>
 * </ol>
 * Arguments: {@code [folder] [repeats]}.
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "/work/shared/data/cifar-10-batches-bin");
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;

        double[] load = new double[repeats];
        Cifar10 full = null;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            full = Cifar10Reader.readFolder(folder);
            load[r] = (System.nanoTime() - t0) / 1e9;
        }
        System.out.printf(Locale.ROOT, "load %s (%d + %d images): median %.3f s over %d runs, runs %s%n", folder,
                full.train().size(), full.test().size(), median(load), repeats, Arrays.toString(load));
        System.out.println("description: " + full.description().summaryLine());
        double[] readOnly = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (String name : Cifar10Layout.TRAINING_FILES) {
                Cifar10Reader.readBatch(folder.resolve(name));
            }
            Cifar10Reader.readBatch(folder.resolve(Cifar10Layout.TEST_FILE));
            readOnly[r] = (System.nanoTime() - t0) / 1e9;
        }
        System.out.printf(Locale.ROOT, "  the six batches read one by one (each with its checksum, no class"
                + " names): median %.3f s%n", median(readOnly));

        ImageSet train = full.train();
        float[] out = new float[128 * 3072];
        Augmentation augmentation = Augmentation.standard();
        double[] transformRate = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            SplittableRandom random = new SplittableRandom(r);
            long t0 = System.nanoTime();
            for (int i = 0; i < train.size(); i++) {
                augmentation.apply(train, i, out, (i % 128) * 3072, random);
            }
            transformRate[r] = train.size() / ((System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "augmentation alone (one thread, no ND4J): median %.0f images/s%n",
                median(transformRate));

        double[] trainRate = new double[repeats];
        try (Cifar10Iterator it = Cifar10Iterator.training(train, 128, 42, full.classes())) {
            for (int r = 0; r < repeats; r++) {
                trainRate[r] = drain(it);
                it.reset();
            }
        }
        System.out.printf(Locale.ROOT, "training iterator (shuffle, pad-crop-flip, normalise, batch 128): median %.0f"
                + " images/s, epochs %s%n", median(trainRate), rates(trainRate));

        double[] testRate = new double[repeats];
        try (Cifar10Iterator it = Cifar10Iterator.test(full.test(), 128, full.classes())) {
            for (int r = 0; r < repeats; r++) {
                testRate[r] = drain(it);
                it.reset();
            }
        }
        System.out.printf(Locale.ROOT, "test iterator (normalise, batch 128): median %.0f images/s%n", median(testRate));
        System.out.printf(Locale.ROOT, "ratio to a 120 images/s training rate: %.0fx%n", median(trainRate) / 120);

        long sampleBytes = 0;
        for (String name : Cifar10Layout.ALL_FILES) {
            try (InputStream in = PipelineBenchmark.class.getClassLoader()
                    .getResourceAsStream(BundledSample.RESOURCE_FOLDER + "/" + name)) {
                sampleBytes += in.readAllBytes().length;
            }
        }
        Cifar10 sample = BundledSample.load();
        Cifar10 expected = full.subset(2000, 500);
        System.out.println("bundled sample: " + sampleBytes + " bytes in " + Cifar10Layout.ALL_FILES.size()
                + " files, sha256 " + sample.description().sha256() + "; equals the balanced 2000/500 subset of "
                + folder + ": " + (sample.train().equals(expected.train()) && sample.test().equals(expected.test())));
    }

    private static double drain(Cifar10Iterator it) {
        long t0 = System.nanoTime();
        long n = 0;
        while (it.hasNext()) {
            DataSet batch = it.next();
            n += batch.numExamples();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static String rates(double[] rates) {
        StringBuilder s = new StringBuilder("[");
        for (double r : rates) {
            s.append(s.length() > 1 ? ", " : "").append(Math.round(r));
        }
        return s.append("]").toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
