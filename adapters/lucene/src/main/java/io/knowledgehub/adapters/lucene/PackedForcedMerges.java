package io.knowledgehub.adapters.lucene;

import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.MergeTrigger;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Lucene's merge policy, but a forced merge into {@link #PACKED} segments packs the segments into groups of at most
 * so many live entries ({@link #pack}) and merges each group into one segment, one merge at a time. An index whose
 * merged vector graph would not fit the heap is so merged into the fewest segments whose graphs each do (Lucene builds
 * a merged segment's graph on the heap).
 *
 * <p>One at a time: no group is started while another merge of the segments there were when the forced merge was
 * asked for runs (Lucene's own included: a forced merge waits for those, and each asks again when it ends); Lucene's
 * merges of other segments running when it is asked for are waited for first ({@link LuceneSearchIndex#mergeSegments}),
 * and those of segments written meanwhile (indexing beside the merge) start only within what the bound leaves beside
 * the group ({@link #kept}). The mode travels with the forced merge itself ({@code maxSegmentCount}), so a merge that
 * ends late never falls through to Lucene's merge of everything into one, and it only applies while {@link #forcing}
 * is set: a later merge of one of those segments, which Lucene marks as forced too, starts no group in the background.
 *
 * <p>Packing is first fit, largest segments first; a segment larger than a group stays as it is. A group is merged only
 * where what lies outside its largest segment's live entries (its other segments, and deleted entries) is at least the
 * share asked for, the rule {@link LuceneSearchIndex#mergeSegments} applies to the whole index: a small segment that
 * fits beside a large one does not make it written again, and a lone segment is written again only for its deleted
 * entries. A segment a packed merge wrote is left alone by the rest of it (Lucene marks what a forced merge made).
 *
 * <p>Lucene's own merges (of the segments indexing writes) are held to the same bound, together with the merges
 * already running ({@link #kept}): a merge of more live entries than is left keeps only its smallest segments that
 * fit together, and is dropped where fewer than two do. Lucene's merge policy only bounds a merged segment's bytes
 * (5 GB), which at about a kilobyte a chunk would let it merge a few million chunks, and build their graph, on a heap
 * that holds the graph of 600,000; and it runs up to half as many merges at once as there are cores.
 */
final class PackedForcedMerges extends FilterMergePolicy {

    /** The {@code maxSegmentCount} of a packed forced merge. */
    static final int PACKED = Integer.MAX_VALUE;

    private volatile long groupEntries = Long.MAX_VALUE;
    private volatile double minShare;
    /** A packed forced merge is asked for now ({@link IndexWriter#forceMerge} has not returned). */
    private volatile boolean forcing;
    private final AtomicInteger started = new AtomicInteger();
    /** The live entries of the largest segment any merge may write: a third of the heap's worth of graph. */
    private final LongSupplier mergedEntries;

    /** {@code mergedEntries}: the most live entries a segment any merge writes may hold (asked at each merge). */
    PackedForcedMerges(MergePolicy in, LongSupplier mergedEntries) {
        super(in);
        this.mergedEntries = mergedEntries;
    }

    @Override
    public MergeSpecification findMerges(MergeTrigger trigger, SegmentInfos infos, MergeContext context) throws IOException {
        return within(super.findMerges(trigger, infos, context), context);
    }

    @Override
    public MergeSpecification findFullFlushMerges(MergeTrigger trigger, SegmentInfos infos, MergeContext context)
            throws IOException {
        return within(super.findFullFlushMerges(trigger, infos, context), context);
    }

    @Override
    public MergeSpecification findForcedDeletesMerges(SegmentInfos infos, MergeContext context) throws IOException {
        return within(super.findForcedDeletesMerges(infos, context), context);
    }

    /**
     * The merges of {@code spec} held to {@link #mergedEntries} live entries, together with the merges already
     * running (each builds its merged segment's graph on the heap at the same time): see {@link #kept}.
     */
    private MergeSpecification within(MergeSpecification spec, MergeContext context) {
        if (spec == null) {
            return null;
        }
        Map<SegmentCommitInfo, Long> counted = new HashMap<>(); // once each: deletes may be applied meanwhile
        ToLongFunction<SegmentCommitInfo> live = s -> counted.computeIfAbsent(s, x -> liveOrAll(x, context));
        long running = context.getMergingSegments().stream().mapToLong(live).sum();
        List<List<SegmentCommitInfo>> fits = kept(spec.merges.stream().map(m -> m.segments).toList(), live,
                mergedEntries.getAsLong() - running);
        MergeSpecification kept = new MergeSpecification();
        for (int i = 0; i < fits.size(); i++) {
            OneMerge merge = spec.merges.get(i);
            List<SegmentCommitInfo> fit = fits.get(i);
            if (fit.size() == merge.segments.size()) {
                kept.add(merge);
            } else if (!fit.isEmpty()) {
                kept.add(new OneMerge(fit));
            }
        }
        return kept.merges.isEmpty() ? null : kept;
    }

    /** The entries a merge of {@code s} writes: those not deleted, as the writer counts them. */
    private static long live(SegmentCommitInfo s, MergeContext context) throws IOException {
        return (long) s.info.maxDoc() - context.numDeletesToMerge(s);
    }

    private static long liveOrAll(SegmentCommitInfo s, MergeContext context) {
        try {
            return live(s, context);
        } catch (IOException e) {
            return s.info.maxDoc(); // counted whole: the bound errs on the safe side
        }
    }

    /**
     * What each of these merges keeps, in order, within {@code budget} live entries for them all: a merge that fits
     * what is left of the budget whole, as it is; one that does not, its segments that {@link #fitting fit}, where at
     * least two do; otherwise nothing (an empty list: proposed again later).
     */
    static <T> List<List<T>> kept(List<List<T>> merges, ToLongFunction<T> live, long budget) {
        List<List<T>> kept = new ArrayList<>(merges.size());
        long left = budget;
        for (List<T> merge : merges) {
            List<T> fit = fitting(merge, live, left);
            if (fit.size() < merge.size() && fit.size() < 2) {
                fit = List.of();
            }
            left -= fit.stream().mapToLong(live).sum();
            kept.add(fit);
        }
        return kept;
    }

    /**
     * The segments of a merge that fit together in {@code limit} live entries, in the merge's order: all of them
     * where they fit; otherwise the smallest that do, without a segment of more than a tenth of the limit that holds
     * more than the others together (it would be written again, its graph built again, for a few entries).
     */
    static <T> List<T> fitting(List<T> segments, ToLongFunction<T> live, long limit) {
        if (segments.stream().mapToLong(live).sum() <= limit) {
            return segments;
        }
        List<Integer> bySize = new ArrayList<>(); // positions in the merge, smallest segment first
        for (int i = 0; i < segments.size(); i++) {
            bySize.add(i);
        }
        bySize.sort(Comparator.comparingLong(i -> live.applyAsLong(segments.get(i))));
        List<Integer> chosen = new ArrayList<>();
        long filled = 0;
        for (int i : bySize) {
            long size = live.applyAsLong(segments.get(i));
            if (filled + size > limit) {
                break;
            }
            filled += size;
            chosen.add(i);
        }
        while (chosen.size() >= 2) {
            long largest = live.applyAsLong(segments.get(chosen.getLast()));
            if (largest <= filled - largest || largest * 10 <= limit) {
                break;
            }
            filled -= largest;
            chosen.removeLast();
        }
        chosen.sort(null);
        return chosen.stream().map(segments::get).toList();
    }

    /**
     * Packed forced merges from now on make groups of at most {@code groupEntries} live entries; returns how many
     * merges packed forced merges have started so far (to tell what one call started).
     */
    int pack(long groupEntries, double minShare) {
        if (groupEntries <= 0) {
            throw new IllegalArgumentException("a group holds at least one entry, not " + groupEntries);
        }
        this.minShare = minShare;
        this.groupEntries = groupEntries;
        return started.get();
    }

    /** Merges packed forced merges have started. */
    int started() {
        return started.get();
    }

    /** Whether a packed forced merge is asked for now: set around {@link IndexWriter#forceMerge}. */
    void forcing(boolean now) {
        this.forcing = now;
    }

    @Override
    public MergeSpecification findForcedMerges(SegmentInfos infos, int maxSegmentCount,
                                               Map<SegmentCommitInfo, Boolean> segmentsToMerge, MergeContext context)
            throws IOException {
        if (maxSegmentCount != PACKED) {
            return super.findForcedMerges(infos, maxSegmentCount, segmentsToMerge, context);
        }
        if (!forcing) {
            return null; // a merge that Lucene marked forced ended after the forced merge was over
        }
        for (SegmentCommitInfo s : context.getMergingSegments()) {
            if (segmentsToMerge.containsKey(s)) {
                return null; // asked again when that merge ends (Lucene marks every merge of these as forced)
            }
        }
        Map<SegmentCommitInfo, Long> live = new LinkedHashMap<>(); // in the index's order
        for (SegmentCommitInfo s : infos) {
            // TRUE: there when the merge was asked for; FALSE: written by it
            if (Boolean.TRUE.equals(segmentsToMerge.get(s))) {
                live.put(s, live(s, context));
            }
        }
        List<List<SegmentCommitInfo>> groups = groups(List.copyOf(live.keySet()), s -> s.info.maxDoc(), live::get,
                groupEntries, minShare);
        if (groups.isEmpty()) {
            return null;
        }
        MergeSpecification spec = new MergeSpecification();
        spec.add(new OneMerge(groups.getFirst()));
        started.incrementAndGet();
        return spec;
    }

    /**
     * The groups worth merging: segments packed first fit, most live entries first, into groups of at most
     * {@code limit} live entries; of those, the ones where what lies outside the largest segment's live entries
     * ({@code maxDoc} of the others, and deleted entries) is at least {@code minShare} of the group's {@code maxDoc}
     * (a lone segment: its deleted entries, when it has any).
     */
    static <T> List<List<T>> groups(List<T> segments, ToLongFunction<T> maxDoc, ToLongFunction<T> live, long limit,
                                    double minShare) {
        List<T> bySize = new ArrayList<>(segments);
        bySize.sort(Comparator.comparingLong(live).reversed());
        List<List<T>> bins = new ArrayList<>();
        List<Long> filled = new ArrayList<>();
        for (T s : bySize) {
            long size = live.applyAsLong(s);
            int bin = -1;
            for (int i = 0; i < bins.size() && size <= limit; i++) {
                if (filled.get(i) + size <= limit) {
                    bin = i;
                    break;
                }
            }
            if (bin < 0) {
                bins.add(new ArrayList<>());
                filled.add(0L);
                bin = bins.size() - 1;
            }
            bins.get(bin).add(s);
            filled.set(bin, filled.get(bin) + size);
        }
        List<List<T>> worth = new ArrayList<>();
        for (int i = 0; i < bins.size(); i++) {
            List<T> bin = bins.get(i);
            long entries = bin.stream().mapToLong(maxDoc).sum();
            long largest = bin.stream().mapToLong(live).max().orElse(0);
            if (entries > largest && filled.get(i) <= limit && (double) (entries - largest) / entries >= minShare) {
                worth.add(List.copyOf(bin));
            }
        }
        return worth;
    }
}
