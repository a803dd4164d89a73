package org.schemenet.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Makes the bundled sample (run once; the result is committed under
 * {@code src/main/resources/org/schemenet/data/sample}):
 * <pre>
 * java -cp framework/data/target/classes org.schemenet.data.SampleMaker \
 *     /work/shared/data/cifar-10-batches-bin framework/data/src/main/resources/org/schemenet/data/sample
 * </pre>
 * It takes the first 200 training and the first 50 test images of every class, in official order
 * within each class and overall ({@link ImageSet#balancedSubset}), and writes them in the
 * official file-name set with a README.txt.
 */
public final class SampleMaker {
    private SampleMaker() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: SampleMaker <cifar-10-batches-bin folder> <output folder>");
            System.exit(2);
        }
        Cifar10 full = Cifar10Reader.readFolder(Path.of(args[0]));
        Cifar10 sample = full.subset(BundledSample.TRAIN_PER_CLASS * Cifar10Layout.CLASSES,
                BundledSample.TEST_PER_CLASS * Cifar10Layout.CLASSES);
        Path out = Path.of(args[1]);
        Cifar10Writer.writeFolder(out, sample.train(), sample.test(), sample.classes());
        Cifar10Writer.write(out.resolve("README.txt"), readme(full.description()).getBytes(StandardCharsets.UTF_8));
        System.out.println("wrote " + out + " from " + full.description().summaryLine());
    }

    static String readme(DataSetDescription source) {
        return """
                schemenet's bundled CIFAR-10 sample (select it with --data sample)

                2,000 training images (200 per class) and 500 test images (50 per class): the
                first images of each class in the official order, written in the official order
                in the official binary layout: data_batch_1.bin .. data_batch_5.bin (400 records
                each), test_batch.bin (500 records), batches.meta.txt. Each record is 3073 bytes:
                a label byte 0-9, then the 32x32 red, green and blue planes, row by row.

                WARNING: the pixels come from a JPEG-rebuilt copy of CIFAR-10 (about 30 dB PSNR,
                mean absolute error about 5.8 on 0-255); they are NOT bit-identical to the official
                release. Labels and order match the official release.

                Made by org.schemenet.data.SampleMaker from %s (listing SHA-256 %s).
                The sample's own checksum (the SHA-256 of
                `sha256sum data_batch_1.bin data_batch_2.bin data_batch_3.bin data_batch_4.bin data_batch_5.bin test_batch.bin batches.meta.txt`)
                is printed in every run's data-set description.
                """.formatted(source.source(), source.sha256());
    }
}
