package org.schemenet.data;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J {@link DataSetIterator} over an {@link ImageSet} that prepares batches on a background
 * thread. Features are float {@code [b, 3, 32, 32]} (NCHW), labels one-hot float {@code [b, 10]};
 * the last batch of an epoch holds the remainder.
 *
 * <p><b>Epochs and seeds.</b> The iterator is at an epoch {@code e} (0 at the start). With
 * shuffling on, epoch {@code e} visits the images in the permutation drawn (Fisher-Yates) from
 * {@link EpochSeeds#shuffle(int)}, and batch {@code k} is transformed with a generator seeded by
 * {@link EpochSeeds#batch(int, int)}; so the same seed gives the same batches, every epoch has a
 * new order, and {@link #setEpoch} / {@link #seek} reproduce any epoch or batch without replaying
 * the earlier ones (a resumed run sees exactly the data of an uninterrupted one).
 * {@link #reset()} starts the next epoch if the current one has begun (a batch was taken), else
 * restarts the current one, so DL4J's own reset-before-fit and an explicit reset do not skip an epoch.
 *
 * <p><b>Background thread.</b> On the first {@code hasNext}/{@code next} of an epoch a daemon
 * thread starts that fills a bounded queue ({@code prefetch} batches) and ends after the epoch's
 * last batch; {@link #reset}, {@link #setEpoch}, {@link #seek} and {@link #close} stop it and wait
 * for it. An exception on that thread is rethrown by {@link #next()} as a {@link DataSetException}
 * with the cause attached. {@link #asyncSupported()} is false so that DL4J does not wrap this
 * iterator in a second prefetching thread.
 *
 * <p><b>Pre-processor.</b> A {@link DataSetPreProcessor} set with {@link #setPreProcessor} is
 * applied by {@code next()} on the caller's thread to every batch, after the transform.
 *
 * <p>Not thread-safe: one consumer.
 */
public final class Cifar10Iterator implements DataSetIterator, AutoCloseable {
    private static final long serialVersionUID = 1L;

    private final transient ImageSet images;
    private final int batchSize;
    private final transient ImageTransform transform;
    private final boolean shuffle;
    private final EpochSeeds seeds;
    private final int prefetch;
    private final List<String> labels;

    private transient DataSetPreProcessor preProcessor;
    private int epoch;
    private int startBatch;
    private int batchesTaken;
    private transient Producer producer;

    /**
     * @param shuffle  a new permutation every epoch (training) or the stored order (test)
     * @param prefetch how many prepared batches may wait in the queue (>= 1)
     * @param labels   the class names, reported by {@link #getLabels()}
     */
    public Cifar10Iterator(ImageSet images, int batchSize, ImageTransform transform, boolean shuffle, long seed,
                           int prefetch, List<String> labels) {
        if (images == null || transform == null || labels == null) {
            throw new IllegalArgumentException("an iterator needs images, a transform and class names");
        }
        if (images.size() == 0) {
            throw new IllegalArgumentException("an iterator needs at least one image");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1 batch, got " + prefetch);
        }
        if (labels.size() != Cifar10Layout.CLASSES) {
            throw new IllegalArgumentException("CIFAR-10 has 10 class names, got " + labels);
        }
        this.images = images;
        this.batchSize = batchSize;
        this.transform = transform;
        this.shuffle = shuffle;
        this.seeds = new EpochSeeds(seed);
        this.prefetch = prefetch;
        this.labels = List.copyOf(labels);
    }

    /** Training: shuffled every epoch, {@link Augmentation#standard()}, 4 batches prefetched. */
    public static Cifar10Iterator training(ImageSet images, int batchSize, long seed, List<String> labels) {
        return new Cifar10Iterator(images, batchSize, Augmentation.standard(), true, seed, 4, labels);
    }

    /** Test: the stored order, {@link Normalisation#CIFAR10} only. */
    public static Cifar10Iterator test(ImageSet images, int batchSize, List<String> labels) {
        return new Cifar10Iterator(images, batchSize, Normalisation.CIFAR10, false, 0L, 2, labels);
    }

    /** The current epoch (0-based). */
    public int epoch() {
        return epoch;
    }

    /** Batches per epoch: {@code ceil(images / batch size)}. */
    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /** The number of images per epoch. */
    public int totalExamples() {
        return images.size();
    }

    /** Restarts at the beginning of {@code epoch}. */
    public void setEpoch(int epoch) {
        seek(epoch, 0);
    }

    /** Continues at batch {@code batch} of {@code epoch}, as an uninterrupted run would. */
    public void seek(int epoch, int batch) {
        if (epoch < 0 || batch < 0 || batch > batchesPerEpoch()) {
            throw new IllegalArgumentException("cannot seek to epoch " + epoch + ", batch " + batch + " (an epoch has "
                    + batchesPerEpoch() + " batches)");
        }
        stopProducer();
        this.epoch = epoch;
        this.startBatch = batch;
        this.batchesTaken = 0;
    }

    /** The order in which {@code epoch} visits the images: the seeded permutation, or the identity. */
    public int[] order(int epoch) {
        if (shuffle) {
            return seeds.permutation(images.size(), epoch);
        }
        int[] order = new int[images.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }

    @Override
    public boolean hasNext() {
        return startBatch + batchesTaken < batchesPerEpoch();
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches (" + batchesPerEpoch()
                    + " per epoch); call reset() for the next epoch");
        }
        if (producer == null) {
            producer = new Producer(epoch, startBatch + batchesTaken);
            producer.thread.start();
        }
        Object item;
        try {
            item = take(producer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopProducer();
            throw new DataSetException("interrupted while waiting for batch " + (startBatch + batchesTaken)
                    + " of epoch " + epoch, e);
        }
        if (item instanceof Failure failure) {
            stopProducer();
            throw new DataSetException("preparing batch " + failure.batch() + " of epoch " + epoch + " failed: "
                    + failure.cause(), failure.cause());
        }
        DataSet batch = (DataSet) item;
        batchesTaken++;
        if (!hasNext()) {
            stopProducer();
        }
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Only the configured batch size is supported. */
    @Override
    public DataSet next(int num) {
        if (num != batchSize) {
            throw new UnsupportedOperationException("this iterator serves batches of " + batchSize + ", not " + num);
        }
        return next();
    }

    /** The next epoch if the current one has begun, else the start of the current one. */
    @Override
    public void reset() {
        int next = startBatch + batchesTaken > 0 ? epoch + 1 : epoch;
        seek(next, 0);
    }

    /** Stops the background thread (waits for it); the iterator stays usable and restarts it on demand. */
    @Override
    public void close() {
        stopProducer();
    }

    @Override
    public int inputColumns() {
        return Cifar10Layout.IMAGE_BYTES;
    }

    @Override
    public int totalOutcomes() {
        return Cifar10Layout.CLASSES;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return labels;
    }

    /** The background thread of the current epoch, if one is running (for tests). */
    Thread producerThread() {
        return producer == null ? null : producer.thread;
    }

    /** The next queued item; fails instead of waiting forever if the thread died without reporting. */
    private Object take(Producer p) throws InterruptedException {
        while (true) {
            Object item = p.queue.poll(1, TimeUnit.SECONDS);
            if (item != null) {
                return item;
            }
            if (!p.thread.isAlive() && p.queue.isEmpty()) {
                producer = null;
                throw new DataSetException("the background thread of epoch " + epoch + " ended before batch "
                        + (startBatch + batchesTaken) + " without reporting an error");
            }
        }
    }

    private void stopProducer() {
        Producer p = producer;
        producer = null;
        if (p == null) {
            return;
        }
        p.thread.interrupt();
        try {
            p.thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Batch {@code k} of {@code epoch} given that epoch's order: transform each image, one-hot its label. */
    DataSet prepare(int[] order, int epoch, int k) {
        int from = k * batchSize;
        int n = Math.min(batchSize, images.size() - from);
        float[] features = new float[n * Cifar10Layout.IMAGE_BYTES];
        float[] oneHot = new float[n * Cifar10Layout.CLASSES];
        SplittableRandom random = new SplittableRandom(seeds.batch(epoch, k));
        for (int j = 0; j < n; j++) {
            int image = order[from + j];
            transform.apply(images, image, features, j * Cifar10Layout.IMAGE_BYTES, random);
            oneHot[j * Cifar10Layout.CLASSES + images.label(image)] = 1f;
        }
        INDArray x = Nd4j.create(features, new long[] {n, Cifar10Layout.CHANNELS, Cifar10Layout.SIDE,
                Cifar10Layout.SIDE}, 'c');
        INDArray y = Nd4j.create(oneHot, new long[] {n, Cifar10Layout.CLASSES}, 'c');
        return new DataSet(x, y);
    }

    private record Failure(int batch, Throwable cause) {
    }

    /** One epoch's background work: batches {@code first ..} in order into a bounded queue. */
    private final class Producer implements Runnable {
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(prefetch);
        final Thread thread;
        private final int epoch;
        private final int first;

        Producer(int epoch, int first) {
            this.epoch = epoch;
            this.first = first;
            this.thread = new Thread(this, "schemenet-cifar10-prefetch@" + Integer.toHexString(
                    System.identityHashCode(Cifar10Iterator.this)) + "-epoch" + epoch);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            int k = first;
            try {
                int[] order = order(epoch);
                for (; k < batchesPerEpoch(); k++) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    queue.put(prepare(order, epoch, k));
                }
            } catch (InterruptedException e) {
                // stopped by reset/seek/close
            } catch (Throwable t) {
                try {
                    queue.put(new Failure(k, t));
                } catch (InterruptedException e) {
                    // stopped while reporting: the consumer is gone
                }
            }
        }
    }
}
