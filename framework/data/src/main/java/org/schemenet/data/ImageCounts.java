package org.schemenet.data;

/**
 * How many training and test images a data location holds, known from the file sizes alone (a
 * sweep checks its plan with these before anything trains).
 *
 * @param train training images
 * @param test  test images
 */
public record ImageCounts(int train, int test) {
    /** What a download of the official release brings: 50,000 training and 10,000 test images. */
    public static final ImageCounts OFFICIAL = new ImageCounts(50_000, 10_000);

    public ImageCounts {
        if (train < 0 || test < 0) {
            throw new IllegalArgumentException("negative image counts");
        }
    }

    /**
     * Fails, as opening the data would, when a subset asks for more images than its set has (0 =
     * the whole set).
     */
    public void checkSubsets(int trainSubset, int testSubset) {
        check("training subset", trainSubset, train);
        check("test subset", testSubset, test);
    }

    private static void check(String what, int n, int available) {
        if (n > available) {
            throw new DataSetException(what + " " + n + ": the data set has only " + available + " images");
        }
    }
}
