Grailbird.data.tweets_2012_02 = 
 [ {
  "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
  "entities" : {
    "user_mentions" : [ {
      "name" : "Robin Example",
      "screen_name" : "robin_example",
      "indices" : [ 0, 14 ],
      "id_str" : "90001",
      "id" : 90001
    } ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "in_reply_to_status_id_str" : "168999999999990001",
  "geo" : {
  },
  "id_str" : "169000000000000001",
  "in_reply_to_user_id" : 90001,
  "text" : "@robin_example and a second part of the thread",
  "id" : 169000000000000001,
  "in_reply_to_status_id" : 168999999999990001,
  "created_at" : "Wed Feb 15 10:00:00 +0000 2012",
  "in_reply_to_screen_name" : "robin_example",
  "in_reply_to_user_id_str" : "90001",
  "user" : {
    "name" : "Robin Example",
    "screen_name" : "robin_example",
    "protected" : false,
    "id_str" : "90001",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/1/robin_normal.jpeg",
    "id" : 90001,
    "verified" : false
  }
}, {
  "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
  "entities" : {
    "user_mentions" : [ {
      "name" : "PyBer Meetup",
      "screen_name" : "pyber",
      "indices" : [ 28, 34 ],
      "id_str" : "70004",
      "id" : 70004
    } ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "168999999999990001",
  "text" : "Starting a thread about the @pyber meetup",
  "id" : 168999999999990001,
  "created_at" : "Wed Feb 15 09:59:00 +0000 2012",
  "user" : {
    "name" : "Robin Example",
    "screen_name" : "robin_example",
    "protected" : false,
    "id_str" : "90001",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/1/robin_normal.jpeg",
    "id" : 90001,
    "verified" : false
  }
} ]