package io.knowledgehub.api.backup;

import io.knowledgehub.api.http.NoBody;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A POST, not a GET: the backup holds everything (API key hashes too), so it needs the admin scope, and a cross-site
 * page must not be able to start one.
 */
@Path("/api/v1/backup")
@Tag(name = "Backup", description = "A consistent snapshot of the standalone installation (docs/backup.md)")
public class BackupResource {

    static final String ZIP = "application/zip";

    private final BackupService backups;

    public BackupResource(BackupService backups) {
        this.backups = backups;
    }

    @POST
    @Produces(ZIP)
    @NoBody
    @Operation(summary = "Stream a backup of the database and the search index, consistent with each other, taken while "
            + "crawls and searches go on. ./kh backup DIR calls it and checks the file; ./kh restore puts it back")
    @APIResponse(responseCode = "200", description = "The backup: a zip with db/, index/ and manifest.json (last)",
            content = @Content(mediaType = ZIP))
    @APIResponse(responseCode = "409", description = "Cluster mode or an in-memory database (see docs/backup.md), or a "
            + "backup is being taken already")
    public Response backup() {
        BackupService.Backup backup = backups.take();
        try {
            // the snapshot is released when the stream ends, however it ends (a client that hangs up included)
            StreamingOutput body = out -> {
                try (backup) {
                    backup.writeTo(out);
                }
            };
            return Response.ok(body, ZIP)
                    .header("Content-Disposition", "attachment; filename=\"" + backup.fileName() + "\"")
                    .build();
        } catch (RuntimeException e) {
            backup.close();
            throw e;
        }
    }
}
