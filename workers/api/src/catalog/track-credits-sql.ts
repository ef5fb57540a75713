/** SQL for the credited artists of track `t` as a JSON array of {id, name} in credit order. */
export const TRACK_CREDITS_SQL = `(SELECT json_group_array(json_object('id', artist_id, 'name', artist_name))
   FROM (SELECT artist_id, artist_name FROM track_artists WHERE track_id = t.id ORDER BY position))`;
