package org.schemenet.data;

import java.util.List;

/**
 * CIFAR-10 in memory: the training set, the test set, the class names in label order and the
 * description of where it came from.
 */
public record Cifar10(ImageSet train, ImageSet test, List<String> classes, DataSetDescription description) {

    public Cifar10 {
        if (train == null || test == null || classes == null || description == null) {
            throw new IllegalArgumentException("CIFAR-10 needs a training set, a test set, classes and a description");
        }
        classes = List.copyOf(classes);
        if (classes.size() != Cifar10Layout.CLASSES) {
            throw new IllegalArgumentException("CIFAR-10 has 10 classes, got " + classes);
        }
        if (description.trainImages() != train.size() || description.testImages() != test.size()) {
            throw new IllegalArgumentException("the description counts " + description.trainImages() + " train / "
                    + description.testImages() + " test images, the sets hold " + train.size() + " / " + test.size());
        }
    }

    /**
     * The quick-run subsets: {@code trainImages} training and {@code testImages} test images,
     * each balanced across classes and in official order within a class (see
     * {@link ImageSet#balancedSubset}); 0 keeps a set whole.
     */
    public Cifar10 subset(int trainImages, int testImages) {
        ImageSet subTrain = trainImages == 0 ? train : train.balancedSubset(trainImages, "training subset");
        ImageSet subTest = testImages == 0 ? test : test.balancedSubset(testImages, "test subset");
        return new Cifar10(subTrain, subTest, classes, description.withCounts(subTrain.size(), subTest.size()));
    }
}
