-- "A year ago today you met …": people by the day of the year they were met, so that
-- `journal due` finds them with an index, not a pass over everyone.

CREATE INDEX people_met_day ON people (substr(met_on, 6)) WHERE length(met_on) = 10;
