package org.schemenet.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which data set a run used, for its output and its summary: a name ({@code cifar-10} or
 * {@code cifar-10-sample}), the source (a folder or the bundled sample), a checksum that
 * identifies the files (see {@link #sha256()}), the numbers of images used and available, and a
 * note on provenance (empty when nothing is known).
 *
 * @param sha256 the SHA-256 of the files' {@code sha256sum} listing in the order
 *               data_batch_1..5.bin, test_batch.bin, batches.meta.txt (identifies the source,
 *               not the subset)
 */
public record DataSetDescription(String name, String source, String sha256, int trainImages, int testImages,
                                 int availableTrainImages, int availableTestImages, String note) {

    public DataSetDescription {
        if (name == null || name.isBlank() || source == null || sha256 == null || note == null) {
            throw new IllegalArgumentException("a data-set description needs a name, a source, a checksum and a note");
        }
        if (trainImages < 0 || testImages < 0 || trainImages > availableTrainImages
                || testImages > availableTestImages) {
            throw new IllegalArgumentException("image counts " + trainImages + "/" + availableTrainImages + " train, "
                    + testImages + "/" + availableTestImages + " test are inconsistent");
        }
    }

    /** The same source with fewer images used. */
    public DataSetDescription withCounts(int train, int test) {
        return new DataSetDescription(name, source, sha256, train, test, availableTrainImages, availableTestImages,
                note);
    }

    /** True when only part of the source is used. */
    public boolean isSubset() {
        return trainImages < availableTrainImages || testImages < availableTestImages;
    }

    /** The fields as an ordered map, for a JSON summary. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("source", source);
        map.put("sha256", sha256);
        map.put("trainImages", trainImages);
        map.put("testImages", testImages);
        map.put("availableTrainImages", availableTrainImages);
        map.put("availableTestImages", availableTestImages);
        map.put("note", note);
        return map;
    }

    /** One line for the run output, e.g. {@code cifar-10-sample (bundled sample, 2000 train / 500 test images, sha256 1a2b3c4d…)}. */
    public String summaryLine() {
        String counts = isSubset()
                ? trainImages + " of " + availableTrainImages + " train / " + testImages + " of " + availableTestImages
                + " test images"
                : trainImages + " train / " + testImages + " test images";
        return name + " (" + source + ", " + counts + ", sha256 " + sha256.substring(0, Math.min(12, sha256.length()))
                + ")" + (note.isEmpty() ? "" : "; " + note);
    }
}
