package org.schemenet.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.schemenet.numerics.Complex;

/**
 * The outline of a region {@code {z : stable(z)}} of the complex plane inside a box, as closed
 * polygons, for drawing it filled: marching squares on an {@code n × n} grid, every boundary
 * crossing of a grid edge refined by bisection along that edge (so the vertices lie on the true
 * boundary to within {@code 2^-30} of a grid spacing wherever the boundary crosses an edge once).
 * The grid extends one spacing beyond the box on every side and its outer ring counts as outside,
 * so every loop closes; a region that leaves the box is cut off just outside it.
 *
 * <p>Orientation: every loop keeps the region on its left, so an outer boundary runs
 * counter-clockwise (positive {@link #signedArea signed area}) and the boundary of a hole clockwise.
 *
 * @param loops the closed polygons, each as its vertices (the last joins the first)
 */
public record RegionOutline(List<List<Complex>> loops) {

    public RegionOutline {
        loops = loops.stream().map(List::copyOf).toList();
    }

    /**
     * Traces the outline of {@code {z : stable(z)}} over {@code [reMin, reMax] × [imMin, imMax]}.
     *
     * @param n grid points per side inside the box, at least 3
     */
    public static RegionOutline trace(Predicate<Complex> stable, double reMin, double reMax, double imMin,
                                      double imMax, int n) {
        if (n < 3 || !(reMax > reMin) || !(imMax > imMin)) {
            throw new IllegalArgumentException("a region outline needs n >= 3 and a box with reMax > reMin, "
                    + "imMax > imMin; got n = " + n + ", [" + reMin + ", " + reMax + "] x [" + imMin + ", " + imMax + "]");
        }
        return new Tracer(stable, reMin, reMax, imMin, imMax, n).trace();
    }

    /** The signed area of a loop, {@code ½ Σ (x_i y_{i+1} − x_{i+1} y_i)}: positive when it runs counter-clockwise. */
    public static double signedArea(List<Complex> loop) {
        double a = 0;
        for (int i = 0; i < loop.size(); i++) {
            Complex p = loop.get(i);
            Complex q = loop.get((i + 1) % loop.size());
            a += p.re() * q.im() - q.re() * p.im();
        }
        return a / 2;
    }

    /** The region's area: the signed areas of all loops added (holes count negative). */
    public double area() {
        return loops.stream().mapToDouble(RegionOutline::signedArea).sum();
    }

    /** Marching squares over a padded grid; see {@link RegionOutline}. */
    private static final class Tracer {
        private final Predicate<Complex> stable;
        private final double x0;
        private final double y0;
        private final double dx;
        private final double dy;
        private final int size;            // grid points per side, padding included
        private final boolean[][] inside;  // [row = imaginary][column = real]
        private final Map<Long, Complex> crossings = new HashMap<>();

        Tracer(Predicate<Complex> stable, double reMin, double reMax, double imMin, double imMax, int n) {
            this.stable = stable;
            this.dx = (reMax - reMin) / (n - 1);
            this.dy = (imMax - imMin) / (n - 1);
            this.x0 = reMin - dx;
            this.y0 = imMin - dy;
            this.size = n + 2;
            this.inside = new boolean[size][size];
            for (int r = 1; r < size - 1; r++) {
                for (int c = 1; c < size - 1; c++) {
                    inside[r][c] = stable.test(point(r, c));
                }
            }
        }

        private Complex point(int r, int c) {
            return new Complex(x0 + c * dx, y0 + r * dy);
        }

        private boolean padding(int r, int c) {
            return r == 0 || c == 0 || r == size - 1 || c == size - 1;
        }

        RegionOutline trace() {
            // the segments of every cell, as (start edge, end edge), each edge a key of its two grid points
            Map<Long, Long> next = new HashMap<>();
            for (int r = 0; r < size - 1; r++) {
                for (int c = 0; c < size - 1; c++) {
                    cell(r, c, next);
                }
            }
            List<List<Complex>> loops = new ArrayList<>();
            while (!next.isEmpty()) {
                long start = next.keySet().iterator().next();
                List<Complex> loop = new ArrayList<>();
                long edge = start;
                do {
                    loop.add(crossing(edge));
                    Long following = next.remove(edge);
                    if (following == null) {
                        throw new IllegalStateException("an open contour at edge " + edge);  // cannot happen on a padded grid
                    }
                    edge = following;
                } while (edge != start);
                loops.add(loop);
            }
            return new RegionOutline(loops);
        }

        /**
         * The segments of cell (r, c): its corners counter-clockwise (lower left, lower right, upper
         * right, upper left); a crossing on an edge from inside to outside "leaves" the region, one from
         * outside to inside "enters" it, and each segment runs from a leaving crossing to an entering one,
         * so the region is on its left. A saddle (two opposite corners inside) joins them through the
         * cell when its centre is inside and cuts them off otherwise.
         */
        private void cell(int r, int c, Map<Long, Long> next) {
            int[][] corners = {{r, c}, {r, c + 1}, {r + 1, c + 1}, {r + 1, c}};
            List<Long> edges = new ArrayList<>();
            List<Boolean> leaving = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int[] p = corners[i];
                int[] q = corners[(i + 1) % 4];
                boolean a = inside[p[0]][p[1]];
                boolean b = inside[q[0]][q[1]];
                if (a != b) {
                    edges.add(key(p, q));
                    leaving.add(a);
                }
            }
            if (edges.isEmpty()) {
                return;
            }
            boolean forward = true;
            if (edges.size() == 4) {
                forward = stable.test(new Complex(x0 + (c + 0.5) * dx, y0 + (r + 0.5) * dy));
            }
            int k = edges.size();
            for (int i = 0; i < k; i++) {
                if (leaving.get(i)) {
                    int j = forward ? (i + 1) % k : (i + k - 1) % k;
                    next.put(edges.get(i), edges.get(j));
                }
            }
        }

        private long key(int[] p, int[] q) {
            long a = (long) p[0] * size + p[1];
            long b = (long) q[0] * size + q[1];
            return Math.min(a, b) * size * size + Math.max(a, b);
        }

        /** The boundary point on an edge: bisection between its inside and outside end (the midpoint next to padding). */
        private Complex crossing(long edge) {
            return crossings.computeIfAbsent(edge, e -> {
                long a = e / ((long) size * size);
                long b = e % ((long) size * size);
                int ra = (int) (a / size);
                int ca = (int) (a % size);
                int rb = (int) (b / size);
                int cb = (int) (b % size);
                Complex in = inside[ra][ca] ? point(ra, ca) : point(rb, cb);
                Complex out = inside[ra][ca] ? point(rb, cb) : point(ra, ca);
                if (padding(ra, ca) || padding(rb, cb)) {
                    return new Complex((in.re() + out.re()) / 2, (in.im() + out.im()) / 2);
                }
                for (int i = 0; i < 30; i++) {
                    Complex mid = new Complex((in.re() + out.re()) / 2, (in.im() + out.im()) / 2);
                    if (stable.test(mid)) {
                        in = mid;
                    } else {
                        out = mid;
                    }
                }
                return new Complex((in.re() + out.re()) / 2, (in.im() + out.im()) / 2);
            });
        }
    }
}
