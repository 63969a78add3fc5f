package io.knowledgehub.adapters.lucene;

import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Lucene's merge policy, but for a forced merge asked for with {@link #pack}: the segments are packed into groups of
 * at most so many live entries, and each group is merged into one segment, one group at a time. An index whose
 * merged vector graph would not fit the heap is so merged into the fewest segments whose graphs each do (Lucene builds
 * a merged segment's graph on the heap); merging one group after the other keeps one such graph in memory at a time.
 *
 * <p>Packing is first fit, largest segments first; a segment larger than a group stays as it is. A group is merged only
 * where what lies outside its largest segment (its other segments, and entries deleted but still held) is at least the
 * share asked for, the rule {@link LuceneSearchIndex#mergeSegments} applies to the whole index: a small segment that
 * fits beside a large one does not make it written again. Each segment a packed merge writes is left alone by the rest
 * of it (Lucene marks what a forced merge made).
 */
final class PackedForcedMerges extends FilterMergePolicy {

    /** Live entries a group may hold; 0: forced merges are Lucene's own. */
    private volatile long groupEntries;
    private volatile double minShare;

    PackedForcedMerges(MergePolicy in) {
        super(in);
    }

    /** Forced merges from now on pack segments into groups of at most {@code groupEntries} live entries. */
    void pack(long groupEntries, double minShare) {
        if (groupEntries <= 0) {
            throw new IllegalArgumentException("a group holds at least one entry, not " + groupEntries);
        }
        this.minShare = minShare;
        this.groupEntries = groupEntries;
    }

    /** Forced merges from now on are Lucene's own again. */
    void unpack() {
        groupEntries = 0;
    }

    @Override
    public MergeSpecification findForcedMerges(SegmentInfos infos, int maxSegmentCount,
                                               Map<SegmentCommitInfo, Boolean> segmentsToMerge, MergeContext context)
            throws IOException {
        long limit = groupEntries;
        if (limit <= 0) {
            return super.findForcedMerges(infos, maxSegmentCount, segmentsToMerge, context);
        }
        Set<SegmentCommitInfo> merging = context.getMergingSegments();
        List<SegmentCommitInfo> eligible = new ArrayList<>();
        for (SegmentCommitInfo s : infos) {
            // TRUE: there when the merge was asked for; FALSE: written by it
            if (Boolean.TRUE.equals(segmentsToMerge.get(s)) && !merging.contains(s)) {
                eligible.add(s);
            }
        }
        List<List<SegmentCommitInfo>> groups = groups(eligible, s -> s.info.maxDoc(),
                s -> s.info.maxDoc() - s.getDelCount() - s.getSoftDelCount(), limit, minShare);
        if (groups.isEmpty()) {
            return null;
        }
        // one at a time: when it is done, Lucene asks again and the next group follows
        MergeSpecification spec = new MergeSpecification();
        spec.add(new OneMerge(groups.getFirst()));
        return spec;
    }

    /**
     * The groups worth merging: segments packed first fit, most live entries first, into groups of at most
     * {@code limit} live entries; of those with two segments or more, the ones where what lies outside the largest
     * segment ({@code maxDoc} of the others, and deleted entries) is at least {@code minShare} of the group's.
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
        for (List<T> bin : bins) {
            if (bin.size() < 2) {
                continue;
            }
            long entries = bin.stream().mapToLong(maxDoc).sum();
            long largest = bin.stream().mapToLong(live).max().orElse(0);
            if ((double) (entries - largest) / entries >= minShare) {
                worth.add(List.copyOf(bin));
            }
        }
        return worth;
    }
}
