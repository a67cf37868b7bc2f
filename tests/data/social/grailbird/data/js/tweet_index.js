var tweet_index =  [ {
  "file_name" : "data/js/tweets/2012_02.js",
  "year" : 2012,
  "var_name" : "tweets_2012_02",
  "tweet_count" : 2,
  "month" : 2
}, {
  "file_name" : "data/js/tweets/2012_01.js",
  "year" : 2012,
  "var_name" : "tweets_2012_01",
  "tweet_count" : 4,
  "month" : 1
} ]