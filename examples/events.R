# The card's question in R: events involving ISIS (and its sub-actors) in
# Deir ez-Zor, as a data frame from the JSON list (httr2 + jsonlite) and as an
# sf object from the GeoJSON.
#
#   Rscript examples/events.R [BASE_URL]
#
# Needs httr2, jsonlite and sf (Debian: r-cran-httr2, r-cran-jsonlite, r-cran-sf).
suppressPackageStartupMessages({
  library(httr2)
  library(jsonlite)
  library(sf)
})

args <- commandArgs(trailingOnly = TRUE)
base_url <- sub("/+$", "", if (length(args) > 0) args[[1]] else "http://127.0.0.1:3000")
filters <- list(actor = "ISIS", place = "Deir ez-Zor", limit = 500)

# Every page, following meta$next_cursor.
pages <- list()
cursor <- NULL
repeat {
  page <- request(base_url) |>
    req_url_path_append("events") |>
    req_url_query(!!!filters, cursor = cursor) |>
    req_perform() |>
    resp_body_string() |>
    fromJSON(flatten = TRUE)
  pages[[length(pages) + 1]] <- page$data
  cursor <- page$meta$next_cursor
  if (is.null(cursor)) break
}
events <- do.call(rbind, lapply(pages, function(p) p[, c("id", "date_start", "event_type", "sub_event_type", "location.name")]))
cat(sprintf("%d events involving ISIS in Deir ez-Zor\n", nrow(events)))
print(table(events$event_type))

# The same events on a map: sf reads the GeoJSON FeatureCollection (EPSG:4326).
geojson <- request(base_url) |>
  req_url_path_append("events") |>
  req_url_query(!!!filters, format = "geojson") |>
  req_perform() |>
  resp_body_string()
located <- st_read(geojson, quiet = TRUE)
cat(sprintf("%d located events\n", nrow(located)))
print(st_bbox(located))
