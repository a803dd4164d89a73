package org.schemenet.data;

import java.util.Arrays;

/**
 * A set of CIFAR-10 images held in two primitive arrays: {@code pixels} holds image i at
 * {@code [i·3072, (i+1)·3072)} as R, G and B planes of 32x32 bytes (unsigned), {@code labels}
 * holds its class 0-9. The arrays are shared, not copied: treat them as read-only.
 */
public record ImageSet(byte[] pixels, byte[] labels) {

    public ImageSet {
        if (pixels == null || labels == null) {
            throw new IllegalArgumentException("an image set needs pixels and labels");
        }
        if (pixels.length != (long) labels.length * Cifar10Layout.IMAGE_BYTES) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, but " + labels.length
                    + " labels need " + (long) labels.length * Cifar10Layout.IMAGE_BYTES);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= Cifar10Layout.CLASSES) {
                throw new IllegalArgumentException("image " + i + " has label " + labels[i] + "; labels are 0-9");
            }
        }
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** The class of image i. */
    public int label(int i) {
        return labels[i];
    }

    /** Pixel (channel, y, x) of image i, 0-255. */
    public int pixel(int i, int channel, int y, int x) {
        return pixels[i * Cifar10Layout.IMAGE_BYTES + channel * Cifar10Layout.PLANE_BYTES + y * Cifar10Layout.SIDE + x]
                & 0xFF;
    }

    /** The number of images of each class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[Cifar10Layout.CLASSES];
        for (byte label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * A class-balanced subset of {@code n} images: {@code n/10} of every class (the first
     * {@code n mod 10} classes get one more), taken in the set's order within each class, and
     * kept in the set's order overall. {@code n == size()} of a set returns the set itself.
     *
     * @param what names the subset in error messages, e.g. "training subset"
     */
    public ImageSet balancedSubset(int n, String what) {
        if (n <= 0) {
            throw new DataSetException(what + " " + n + ": must be a positive number of images");
        }
        if (n == size()) {
            return this;
        }
        if (n > size()) {
            throw new DataSetException(what + " " + n + ": the data set has only " + size() + " images");
        }
        int[] wanted = new int[Cifar10Layout.CLASSES];
        for (int c = 0; c < wanted.length; c++) {
            wanted[c] = n / Cifar10Layout.CLASSES + (c < n % Cifar10Layout.CLASSES ? 1 : 0);
        }
        int[] available = classCounts();
        for (int c = 0; c < wanted.length; c++) {
            if (available[c] < wanted[c]) {
                throw new DataSetException(what + " " + n + ": needs " + wanted[c] + " images of class " + c
                        + " but the data set has only " + available[c] + " (class counts "
                        + Arrays.toString(available) + ")");
            }
        }
        byte[] subPixels = new byte[n * Cifar10Layout.IMAGE_BYTES];
        byte[] subLabels = new byte[n];
        int[] taken = new int[Cifar10Layout.CLASSES];
        int out = 0;
        for (int i = 0; i < size() && out < n; i++) {
            int c = labels[i];
            if (taken[c] < wanted[c]) {
                taken[c]++;
                subLabels[out] = labels[i];
                System.arraycopy(pixels, i * Cifar10Layout.IMAGE_BYTES, subPixels, out * Cifar10Layout.IMAGE_BYTES,
                        Cifar10Layout.IMAGE_BYTES);
                out++;
            }
        }
        return new ImageSet(subPixels, subLabels);
    }

    /** Equal when the pixels and labels are equal element by element. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ImageSet o && Arrays.equals(pixels, o.pixels) && Arrays.equals(labels, o.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(pixels) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "ImageSet[" + size() + " images, class counts " + Arrays.toString(classCounts()) + "]";
    }
}
